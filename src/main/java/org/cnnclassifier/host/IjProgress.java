package org.cnnclassifier.host;

import ij.IJ;
import org.cnnclassifier.progress.ProgressListener;

/** Progress into ImageJ's status and progress bars; Esc cancels. */
public final class IjProgress implements ProgressListener {

    public IjProgress() {
        IJ.resetEscape();
    }

    @Override
    public void status(String message) {
        IJ.showStatus(message);
    }

    @Override
    public void progress(double fraction) {
        IJ.showProgress(fraction);
    }

    @Override
    public boolean isCanceled() {
        return IJ.escapePressed();
    }
}
