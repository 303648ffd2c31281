package org.cnnclassifier.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.cnnclassifier.network.Nd4jSetup;

/** Replicas trained side by side, against a single network and against their own arithmetic mean. */
class DataParallelTest {
    @BeforeAll
    static void nd4j() {
        Nd4jSetup.ensureInitialized();
    }

    /** A small CNN without batch norm or dropout, so a step depends only on the weights and the batch. */
    static MultiLayerNetwork smallCnn(IUpdater updater) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).updater(updater)
                .dataType(DataType.FLOAT).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 2)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static DataSet batch(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 2, 8, 8);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 3);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (int) ((seed + i) % 3), 1);
        }
        return new DataSet(x, y);
    }

    @Test
    void averagingTwoSgdStepsEqualsOneStepOnBothBatches() {
        // With plain SGD, the mean of two replicas that each took one step from the same weights is
        // one step on the union of their batches (the loss is a mean): the oracle is DL4J's own fit.
        DataSet a = batch(6, 1);
        DataSet b = batch(6, 2);
        MultiLayerNetwork single = smallCnn(new Sgd(0.5));
        MultiLayerNetwork master = single.clone();
        single.fit(DataSet.merge(List.of(a, b)));
        try (DataParallel replicas = new DataParallel(master, 2, 42)) {
            replicas.fit(List.of(a, b));
        }
        assertNotEquals(0, master.params().sub(smallCnn(new Sgd(0.5)).params()).norm2Number().doubleValue(),
                "the step changed the weights");
        assertArrayEquals(single.params().toFloatVector(), master.params().toFloatVector(), 1e-5f);
    }

    @Test
    void aRoundGivesTheMeanOfWeightsAndAdamStateOfReplicasFittedAlone() {
        // Oracle: two copies fitted alone by DL4J, one batch each; the round's master must hold the
        // mean of their weights and of their Adam state, and report their losses.
        MultiLayerNetwork master = smallCnn(new Adam(0.01));
        MultiLayerNetwork alone0 = master.clone();
        MultiLayerNetwork alone1 = master.clone();
        DataSet a = batch(5, 3);
        DataSet b = batch(7, 4);
        alone0.fit(a);
        alone1.fit(b);
        try (DataParallel replicas = new DataParallel(master, 2, 42)) {
            double[] losses = replicas.fit(List.of(a, b));
            assertEquals(alone0.score(), losses[0], 1e-6);
            assertEquals(alone1.score(), losses[1], 1e-6);
        }
        INDArray meanParams = alone0.params().add(alone1.params()).divi(2);
        INDArray meanState = alone0.getUpdater().getStateViewArray().add(alone1.getUpdater().getStateViewArray())
                .divi(2);
        assertArrayEquals(meanParams.toFloatVector(), master.params().toFloatVector(), 1e-6f);
        assertArrayEquals(meanState.toFloatVector(), master.getUpdater().getStateViewArray().toFloatVector(), 1e-6f);
    }

    @Test
    void aRunIsReproducibleForAGivenSeedAndWorkerCount() {
        float[][] runs = new float[2][];
        for (int r = 0; r < 2; r++) {
            MultiLayerNetwork master = smallCnn(new Adam(0.01));
            try (DataParallel replicas = new DataParallel(master, 2, 42)) {
                for (int step = 0; step < 5; step++) {
                    replicas.fit(List.of(batch(8, 10 + step), batch(8, 20 + step)));
                }
            }
            runs[r] = master.params().toFloatVector();
        }
        assertArrayEquals(runs[0], runs[1], 0f);
    }
}
