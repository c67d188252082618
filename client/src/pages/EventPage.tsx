export default function EventPage() {
  return <div className="page" />;
}
