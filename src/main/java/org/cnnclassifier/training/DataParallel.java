package org.cnnclassifier.training;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.cnnclassifier.progress.CanceledException;
import org.cnnclassifier.util.Futures;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.cnnclassifier.network.OmpThreads;
import org.cnnclassifier.speed.FastBatchNormHelper;
import org.cnnclassifier.speed.FastReluBackward;
import org.cnnclassifier.speed.GeluKeepingSigmoid;
import org.cnnclassifier.speed.InputConvolution;
import org.cnnclassifier.speed.PlainMaxPooling;

/**
 * Training on every core: {@code workers} replicas of one network, each fitting its own batches on
 * its own thread with its share of the cores as OpenMP threads (DL4J's step for networks this small
 * is bound by one thread dispatching ops, so two single-threaded replicas beat one two-threaded
 * network), their weights and Adam state averaged after every round: local SGD, as DL4J's
 * ParallelWrapper in AVERAGING mode, without its data-set plumbing and its 132 jars. Replica 0 is
 * the given network itself. Each replica always runs on the same thread and seeds that thread's
 * random numbers (dropout) from the seed and its index, so a run is reproducible for a given seed
 * and worker count. Replicas run Train's faster stand-ins for DL4J's batch norm, max pooling, first
 * convolution and ReLU backward (each tested against DL4J's own).
 */
public final class DataParallel implements AutoCloseable {
    private final MultiLayerNetwork master;
    private final List<MultiLayerNetwork> replicas = new ArrayList<>();
    private final List<ExecutorService> threads = new ArrayList<>();
    private final int blasThreadsBefore;
    /** Whether DL4J's score holds a weight-decay penalty that {@link #fitAndLoss} takes out. */
    private final boolean decayed;
    /** Put DL4J's own ReLUs back into the configurations (the master's is saved after training). */
    private final List<Runnable> restoreRelus = new ArrayList<>();

    DataParallel(MultiLayerNetwork master, int workers, long seed) {
        this.master = master;
        this.blasThreadsBefore = Nd4j.factory().blas().getMaxThreads();
        this.decayed = master.calcRegularizationScore(true) != 0;
        if (workers > 1) {
            // OpenBLAS (the dense layers) keeps its own thread pool, JVM-wide, whose threads spun
            // against the replicas (sys time 10 s of 45); one thread per call while replicas run.
            Nd4j.factory().blas().setMaxThreads(1);
        }
        for (int w = 0; w < workers; w++) {
            replicas.add(w == 0 ? master : master.clone());
            FastBatchNormHelper.install(replicas.get(w));
            PlainMaxPooling.installWherePays(replicas.get(w));
            InputConvolution.install(replicas.get(w));
            restoreRelus.add(FastReluBackward.install(replicas.get(w)));
            GeluKeepingSigmoid.install(replicas.get(w));
            if (workers == 1) {
                break;
            }
            final int index = w;
            ExecutorService t = Executors.newSingleThreadExecutor(r -> {
                Thread th = new Thread(r, "cnn-classifier-train-" + index);
                th.setDaemon(true);
                return th;
            });
            threads.add(t);
            // OpenMP's thread count is per calling thread: set it on the replica's own thread.
            int ompThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
            join(t.submit(() -> {
                OmpThreads.setForThisThread(ompThreads);
                Nd4j.getRandom().setSeed(seed * 31 + index);
                return null;
            }));
        }
    }

    /**
     * Fits one batch; returns its loss without the weight-decay penalty DL4J's score adds ({@code decay}
     * would otherwise show a loss of hundreds, a sum of squared weights, in the progress line, history
     * and plot). The penalty is that of the weights the score was computed with, before the step.
     */
    private double fitAndLoss(MultiLayerNetwork net, DataSet batch) {
        double penalty = decayed ? net.calcRegularizationScore(true) : 0;
        net.fit(batch);
        return net.score() - penalty;
    }

    /**
     * Fits {@code batches.get(w)} on replica w (at most one batch per replica), all at once, then
     * averages the replicas. Returns each batch's loss.
     */
    double[] fit(List<DataSet> batches) {
        if (replicas.size() == 1) {
            // One replica: the caller's thread, with all its OpenMP threads.
            return new double[] {fitAndLoss(master, batches.get(0))};
        }
        List<Future<Double>> running = new ArrayList<>();
        for (int w = 0; w < batches.size(); w++) {
            MultiLayerNetwork net = replicas.get(w);
            DataSet batch = batches.get(w);
            running.add(threads.get(w).submit(() -> fitAndLoss(net, batch)));
        }
        double[] losses = new double[batches.size()];
        for (int w = 0; w < losses.length; w++) {
            losses[w] = join(running.get(w));
        }
        average();
        return losses;
    }

    /** Each replica's parameters (views: assigning to them sets the replica's weights); equal after a round. */
    List<INDArray> params() {
        return replicas.stream().map(MultiLayerNetwork::params).toList();
    }

    /** Puts the mean of the replicas' weights and optimiser state into every replica (the master too). */
    private void average() {
        averageInto(replicas.stream().map(MultiLayerNetwork::params).toList());
        List<INDArray> states = new ArrayList<>();
        for (MultiLayerNetwork net : replicas) {
            Updater u = net.getUpdater();
            INDArray state = u == null ? null : u.getStateViewArray();
            if (state == null) {
                return;
            }
            states.add(state);
        }
        averageInto(states);
    }

    private static void averageInto(List<INDArray> arrays) {
        INDArray mean = arrays.get(0).dup();
        for (int i = 1; i < arrays.size(); i++) {
            mean.addi(arrays.get(i));
        }
        mean.divi(arrays.size());
        for (INDArray a : arrays) {
            a.assign(mean);
        }
    }

    private static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CanceledException();
        } catch (ExecutionException e) {
            throw Futures.unwrap(e);
        }
    }

    @Override
    public void close() {
        threads.forEach(ExecutorService::shutdownNow);
        restoreRelus.forEach(Runnable::run);
        Nd4j.factory().blas().setMaxThreads(blasThreadsBefore);
    }
}
