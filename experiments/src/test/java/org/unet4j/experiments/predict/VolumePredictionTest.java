package org.unet4j.experiments.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.files.DataConfig;
import org.unet4j.experiments.datasets.files.MsdTask;
import org.unet4j.experiments.datasets.files.Normalisation;
import org.unet4j.experiments.datasets.files.SizePolicy;
import org.unet4j.experiments.training.Trainer;
import org.unet4j.layers.Module;
import org.unet4j.layers.io.Checkpoint;
import org.unet4j.layers.topology.ConvPadding;

/** Whole-volume prediction by a 3-D model: windows, blending, standardisation, and what a 2-D model refuses. */
class VolumePredictionTest {
    @TempDir
    Path dir;

    private Predictor saved(ModelRecipe recipe, boolean standardise) throws IOException {
        Module net = recipe.build(11);
        Checkpoint.save(dir.resolve("checkpoints/best.ckpt"), net);
        new PredictorConfig(recipe, new DataConfig(1, SizePolicy.of("tile", recipe.size()), new Normalisation(
                new double[] {0}, new double[] {1})), 0.5, standardise).write(dir);
        return Predictor.load(dir);
    }

    private static Tensor volume(int d, int h, int w, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[d * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (300 + 80 * rng.nextGaussian());
        }
        return Tensor.wrap(v, 1, d, h, w);
    }

    private static float[] sigmoid(Tensor logits) {
        float[] l = logits.toFloatArray();
        float[] p = new float[l.length];
        for (int i = 0; i < l.length; i++) {
            p[i] = (float) (1 / (1 + Math.exp(-l[i])));
        }
        return p;
    }

    private static ModelRecipe recipe3d(ConvPadding padding, int size) {
        return new ModelRecipe("PLN", new int[] {2, 4}, 1, 1, padding, size).withSpatialDims(3);
    }

    @Test
    void aVolumeOfOneWindowIsTheStandardisedVolumesForwardPass() throws IOException {
        Predictor predictor = saved(recipe3d(ConvPadding.SAME, 8), true);
        Tensor v = volume(8, 8, 8, 1);
        Module net = recipe3d(ConvPadding.SAME, 8).build(11);
        Checkpoint.load(dir.resolve("checkpoints/best.ckpt"), net);
        float[] expected = sigmoid(Trainer.predict(net, MsdTask.standardise(v).reshape(1, 1, 8, 8, 8), 1));
        assertArrayEquals(expected, predictor.probabilities(v, Predictor.Options.defaults()), 1e-6f);
    }

    @Test
    void aThreeClassVolumeOfOneWindowGivesTheSoftmaxOfTheForwardPassClassByClass() throws IOException {
        ModelRecipe recipe = recipe3d(ConvPadding.SAME, 8).withClasses(3);
        Predictor predictor = saved(recipe, true);
        Tensor v = volume(8, 8, 8, 1);
        Module net = recipe.build(11);
        Checkpoint.load(dir.resolve("checkpoints/best.ckpt"), net);
        float[] expected = Trainer.predict(net, MsdTask.standardise(v).reshape(1, 1, 8, 8, 8), 1).softmax(1)
                .toFloatArray();
        float[] p = predictor.probabilities(v, Predictor.Options.defaults());
        assertArrayEquals(expected, p, 1e-6f);
        int[] ids = predictor.classIds(p, 512);
        for (int i = 0; i < 512; i++) {
            int best = p[512 + i] > p[i] ? 1 : 0;
            best = p[1024 + i] > p[best * 512 + i] ? 2 : best;
            assertEquals(best, ids[i], "the argmax class of voxel " + i);
        }
    }

    @Test
    void blendedAndTiledClassProbabilitiesSumToOneAtEveryVoxel() throws IOException {
        Tensor v = volume(11, 13, 6, 2);
        for (ConvPadding padding : new ConvPadding[] {ConvPadding.SAME, ConvPadding.VALID}) {
            Predictor predictor = saved(recipe3d(padding, padding == ConvPadding.SAME ? 8 : 20).withClasses(3),
                    false);
            float[] p = predictor.probabilities(v, new Predictor.Options(WindowBlending.LINEAR, 0.5, true, 3));
            int voxels = 11 * 13 * 6;
            assertEquals(3 * voxels, p.length);
            for (int i = 0; i < voxels; i++) {
                assertEquals(1, p[i] + p[voxels + i] + p[2 * voxels + i], 1e-5, padding + " voxel " + i);
            }
        }
    }

    @Test
    void overlappingWindowsCoverAVolumeOfAnySizeWithProbabilities() throws IOException {
        Predictor predictor = saved(recipe3d(ConvPadding.SAME, 8), false);
        Tensor v = volume(11, 13, 6, 2);
        float[] p = predictor.probabilities(v, new Predictor.Options(WindowBlending.LINEAR, 0.5, true, 3));
        assertEquals(11 * 13 * 6, p.length);
        for (float q : p) {
            assertTrue(q > 0 && q < 1, "a probability " + q);
        }
    }

    @Test
    void anyBatchOfWindowsGivesTheSameVolume() throws IOException {
        Predictor predictor = saved(recipe3d(ConvPadding.SAME, 8), false);
        Tensor v = volume(12, 10, 9, 3);
        float[] one = predictor.probabilities(v, new Predictor.Options(WindowBlending.GAUSSIAN, 0.25, false, 1));
        float[] many = predictor.probabilities(v, new Predictor.Options(WindowBlending.GAUSSIAN, 0.25, false, 16));
        assertArrayEquals(one, many, 1e-6f);
    }

    @Test
    void aValidNetIsTiledAndStitchedExactly() throws IOException {
        ModelRecipe recipe = recipe3d(ConvPadding.VALID, 20);
        Predictor predictor = saved(recipe, false);
        org.unet4j.layers.unet.UNet net = (org.unet4j.layers.unet.UNet) recipe.build(11);
        Checkpoint.load(dir.resolve("checkpoints/best.ckpt"), net);
        int input = net.geometry().inputSize(3);
        int output = net.geometry().outputSize(input).getAsInt();
        int margin = (input - output) / 2;
        Tensor v = volume(output, output, output, 4);
        float[] padded = new float[input * input * input];
        float[] x = v.toFloatArray();
        for (int z = 0; z < output; z++) {
            for (int y = 0; y < output; y++) {
                System.arraycopy(x, (z * output + y) * output, padded, ((z + margin) * input + y + margin) * input
                        + margin, output);
            }
        }
        float[] whole = sigmoid(Trainer.predict(net, Tensor.wrap(padded, 1, 1, input, input, input), 1));
        assertArrayEquals(whole, predictor.probabilities(v, Predictor.Options.defaults()), 1e-5f);
    }

    @Test
    void weightsOfAWindowInThreeDimensionsAreTheProductOfTheAxisWeights() {
        float[] w2 = WindowBlending.GAUSSIAN.weights(6);
        float[] w3 = WindowBlending.GAUSSIAN.weights(6, 3);
        float[] g = new float[6];
        for (int i = 0; i < 6; i++) {
            g[i] = (float) Math.sqrt(w2[i * 6 + i]);
        }
        assertEquals(216, w3.length);
        assertEquals(g[1] * g[4] * g[2], w3[(1 * 6 + 4) * 6 + 2], 1e-6f);
    }

    @Test
    void aTwoDimensionalModelRefusesAVolumeAndAThreeDimensionalOneAnImage() throws IOException {
        Predictor flat = saved(new ModelRecipe("PLN", new int[] {2, 4}, 1, 1, ConvPadding.SAME, 8), false);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> flat.probabilities(volume(4, 8, 8, 5),
                Predictor.Options.defaults())).getMessage().contains("3-D model"));
        Files.delete(dir.resolve(PredictorConfig.FILE));
        Predictor deep = saved(recipe3d(ConvPadding.SAME, 8), false);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> deep.probabilities(
                new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
                Predictor.Options.defaults())).getMessage().contains("NIfTI"));
    }
}
