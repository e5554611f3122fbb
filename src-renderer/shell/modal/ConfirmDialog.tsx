import { Modal } from './Modal';
import { confirmStore } from './confirmStore';

/**
 * The open question of askChoice, if any. Cancel has the focus: a question is asked because going ahead
 * may not be what the user meant, so Enter or Escape right away changes nothing.
 */
export function ConfirmDialog() {
  const pending = confirmStore((s) => s.pending);
  if (!pending) return null;
  const no = () => pending.answer('cancel');
  return (
    <Modal
      title={pending.title}
      onClose={no}
      testId="confirm-dialog"
      className="project-dialog confirm-dialog"
    >
      <p className="project-dialog__intro">{pending.body}</p>
      <div className="confirm-dialog__actions">
        <button type="button" className="btn" data-autofocus onClick={no}>
          {pending.cancel ?? 'Cancel'}
        </button>
        <button
          type="button"
          className={`btn${pending.alternative ? '' : ' btn--primary'}`}
          onClick={() => pending.answer('confirm')}
        >
          {pending.confirm}
        </button>
        {pending.alternative && (
          <button type="button" className="btn btn--primary" onClick={() => pending.answer('alternative')}>
            {pending.alternative}
          </button>
        )}
      </div>
    </Modal>
  );
}
