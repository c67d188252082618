export default function CreateEventPage() {
  return <div className="page" />;
}
