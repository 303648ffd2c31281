package org.cnnclassifier.training;

/**
 * One epoch of training, as shown in the "Training History" table and plot. {@code accuracy} is
 * measured after the epoch, in inference mode, on a fixed sample of up to
 * {@link Trainer#TRAIN_ACCURACY_SAMPLE} training images (no augmentation, no dropout); {@code loss}
 * is the mean training-batch loss during the epoch. Validation figures are NaN without validation data.
 */
public record EpochStats(int epoch, double loss, double accuracy, double validationLoss, double validationAccuracy,
        double seconds, double imagesPerSecond) {
}
