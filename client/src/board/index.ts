// The voting board, as the event page uses it.
export { Board, type BoardProps } from './Board';
export { readOnlyReason, type ReadOnlyReason } from './readOnly';
