package org.cnnclassifier.host;

import java.util.function.BooleanSupplier;

import org.cnnclassifier.progress.ProgressListener;
import org.scijava.app.StatusService;

/**
 * Progress of a SciJava command run from a script: SciJava's status service (ImageJ's status and
 * progress bars in Fiji); cancelled when the command is cancelled or Esc is pressed in ImageJ.
 */
public final class StatusProgress implements ProgressListener {
    private final StatusService status;
    private final BooleanSupplier canceled;

    public StatusProgress(StatusService status, BooleanSupplier canceled) {
        this.status = status;
        this.canceled = canceled;
        ij.IJ.resetEscape();
    }

    @Override
    public void status(String message) {
        status.showStatus(message);
    }

    @Override
    public void progress(double fraction) {
        status.showProgress((int) Math.round(fraction * 1000), 1000);
    }

    @Override
    public boolean isCanceled() {
        return canceled.getAsBoolean() || ij.IJ.escapePressed();
    }
}
