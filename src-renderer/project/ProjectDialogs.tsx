import { useEffect } from 'react';
import { useStudio } from '../state/store';
import { openProjectFile } from './actions';
import { installProjectLifecycle, startProjects } from './lifecycle';
import { PROJECT_ACCEPT, registerProjectFileInput } from './projectFileInput';
import { RecentDialog } from './RecentDialog';
import { RecoveryDialog } from './RecoveryDialog';
import { installProjectTestHook } from './testHook';
import './project.css';

let started = false;

/** Project plumbing mounted once by App: start-up (recovery / first-run sample), dialogs, file input. */
export function ProjectDialogs() {
  const dialog = useStudio((s) => s.projectDialog);
  useEffect(() => {
    const dispose = installProjectLifecycle();
    installProjectTestHook();
    if (!started) {
      started = true; // StrictMode runs effects twice in development; start-up must run once
      void startProjects();
    }
    return dispose;
  }, []);
  return (
    <>
      <input
        ref={registerProjectFileInput}
        type="file"
        accept={PROJECT_ACCEPT}
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        data-testid="project-file-input"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void openProjectFile(file);
        }}
      />
      {dialog === 'recent' && <RecentDialog />}
      {dialog === 'recovery' && <RecoveryDialog />}
    </>
  );
}
