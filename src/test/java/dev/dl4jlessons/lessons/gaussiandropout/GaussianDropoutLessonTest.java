package dev.dl4jlessons.lessons.gaussiandropout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.dropout.GaussianDropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.runtime.CourseRuntime;

/** The worked example lesson: what Gaussian dropout does, measured. */
class GaussianDropoutLessonTest {
    static {
        CourseRuntime.init(false);
    }

    // lesson:test
    @Test
    void trainingMultipliesByNoiseWithMeanOneAndInferenceIsTheIdentity() {
        var net = Networks.create(GaussianDropoutLesson.configuration());
        var layer = net.getLayer(1);                                  // the output layer carries the noise
        assertInstanceOf(GaussianDropout.class, layer.conf().getLayer().getIDropout());

        INDArray ones = Nd4j.ones(DataType.FLOAT, 400, 50);          // 20,000 activations
        INDArray noisy = layer.conf().getLayer().getIDropout()      // what training applies to the input
                .applyDropout(ones, ones.dup(), 0, 0, LayerWorkspaceMgr.noWorkspaces());
        double mean = noisy.meanNumber().doubleValue();
        double std = noisy.stdNumber().doubleValue();
        assertEquals(1.0, mean, 0.03, "the noise keeps the expected activation");
        assertEquals(Math.sqrt(0.5 / (1 - 0.5)), std, 0.03, "std sqrt(rate / (1 - rate))");
        assertTrue(noisy.minNumber().doubleValue() < 0, "Gaussian noise, not a 0/1 mask");

        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 10);
        assertEquals(net.output(x, false), net.output(x, false), "inference is deterministic");
    }

    @Test
    void dropoutOptionSetsTheRate() {
        var conf = GaussianDropoutLesson.configuration(new Settings(1, 1, 10, 0.01, 0.2, null));
        var noise = (GaussianDropout) conf.getConf(1).getLayer().getIDropout();
        assertEquals(0.2, noise.getRate(), 1e-12);
    }
    // end:test
}
