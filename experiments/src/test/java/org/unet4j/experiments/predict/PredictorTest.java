package org.unet4j.experiments.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.files.DataConfig;
import org.unet4j.experiments.datasets.files.ImageFiles;
import org.unet4j.experiments.datasets.files.Normalisation;
import org.unet4j.experiments.datasets.files.SizePolicy;
import org.unet4j.experiments.training.Trainer;
import org.unet4j.layers.Module;
import org.unet4j.layers.io.Checkpoint;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.unet.UNet;
import org.unet4j.layers.topology.UNetGeometry;

class PredictorTest {
    @TempDir
    Path dir;

    private Predictor saved(ModelRecipe recipe, SizePolicy size, long seed) throws IOException {
        Module net = recipe.build(seed);
        Checkpoint.save(dir.resolve("checkpoints/best.ckpt"), net);
        new PredictorConfig(recipe, new DataConfig(1, size, new Normalisation(new double[] {0.5},
                new double[] {0.25})), 0.5).write(dir);
        return Predictor.load(dir);
    }

    private static BufferedImage noise(int w, int h, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = rng.nextInt(256);
                image.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return image;
    }

    private static float[] sigmoid(Tensor logits) {
        float[] l = logits.toFloatArray();
        float[] p = new float[l.length];
        for (int i = 0; i < l.length; i++) {
            p[i] = (float) (1 / (1 + Math.exp(-l[i])));
        }
        return p;
    }

    private static Tensor normalised(BufferedImage image) {
        float[] x = ImageFiles.planes(image, false);
        for (int i = 0; i < x.length; i++) {
            x[i] = (x[i] - 0.5f) / 0.25f;
        }
        return Tensor.wrap(x, 1, 1, image.getHeight(), image.getWidth());
    }

    @Test
    void aValidUNetIsTiledExactlyEachOutputPixelCentredOnItsInputPixel() throws IOException {
        ModelRecipe recipe = new ModelRecipe("PLN", new int[] {2, 4}, 1, 1, ConvPadding.VALID, 32);
        Predictor predictor = saved(recipe, SizePolicy.of("tile", 32), 5);
        UNet net = (UNet) recipe.build(5);
        UNetGeometry g = net.geometry();
        int b = 1;
        while (!g.isValidInputSize(g.inputSize(b)) || !g.isValidInputSize(g.inputSize(b + 1))
                || g.outputSize(g.inputSize(b)).getAsInt() < 70) {
            b++;
        }
        int margin = (g.inputSize(b) - g.outputSize(g.inputSize(b)).getAsInt()) / 2;
        int h = g.outputSize(g.inputSize(b)).getAsInt();
        int w = g.outputSize(g.inputSize(b + 1)).getAsInt();
        BufferedImage image = noise(w, h, 11);
        Tensor x = normalised(image);
        float[] padded = new float[(h + 2 * margin) * (w + 2 * margin)];
        float[] in = x.toFloatArray();
        for (int y = 0; y < h; y++) {
            System.arraycopy(in, y * w, padded, (y + margin) * (w + 2 * margin) + margin, w);
        }
        float[] whole = sigmoid(Trainer.predict(net, Tensor.wrap(padded, 1, 1, h + 2 * margin, w + 2 * margin),
                1));
        assertEquals(h * w, whole.length);
        assertArrayEquals(whole, predictor.probabilities(image, Predictor.Options.defaults()), 1e-5f);
    }

    @Test
    void oneWindowOfTheTrainingSizeIsTheNetworksOwnOutput() throws IOException {
        ModelRecipe recipe = new ModelRecipe("PLN", new int[] {2, 4}, 1, 1, ConvPadding.SAME, 16);
        Predictor predictor = saved(recipe, SizePolicy.of("crop", 16), 2);
        BufferedImage image = noise(16, 16, 3);
        float[] direct = sigmoid(Trainer.predict(recipe.build(2), normalised(image), 1));
        assertArrayEquals(direct, predictor.probabilities(image, Predictor.Options.defaults()), 1e-6f);
    }

    @Test
    void flipsAreMirroredBackSoThatAMirrorSymmetricNetworkIsUnchanged() throws IOException {
        ModelRecipe recipe = new ModelRecipe("conv-net", new int[] {3}, 1, 1, ConvPadding.SAME, 16);
        Predictor predictor = saved(recipe, SizePolicy.of("resize", 16), 4);
        BufferedImage image = noise(16, 16, 8);
        float[] plain = predictor.probabilities(image, Predictor.Options.defaults());
        float[] tta = predictor.probabilities(image, new Predictor.Options(WindowBlending.GAUSSIAN, 0.25, true, 4));
        assertEquals(plain.length, tta.length);
        Tensor t = Tensor.wrap(plain, 1, 1, 16, 16);
        assertArrayEquals(plain, Predictor.flip(Predictor.flip(t, true), true).toFloatArray());
    }

    @Test
    void windowsCoverTheImageAndBlendingWeightsArePositiveAndSymmetric() {
        assertArrayEquals(new int[] {0, 24, 48, 68}, Predictor.starts(100, 32, 24));
        assertArrayEquals(new int[] {0}, Predictor.starts(32, 32, 24));
        for (WindowBlending blending : WindowBlending.values()) {
            float[] w = blending.weights(9);
            for (int y = 0; y < 9; y++) {
                for (int x = 0; x < 9; x++) {
                    assertTrue(w[y * 9 + x] > 0);
                    assertEquals(w[y * 9 + x], w[(8 - y) * 9 + 8 - x], 1e-7f);
                }
            }
        }
    }

    @Test
    void aModelFolderWithoutPredictorJsonIsANamedError() throws IOException {
        Checkpoint.save(dir.resolve("checkpoints/best.ckpt"), new ModelRecipe("PLN", new int[] {2, 4}, 1, 1,
                ConvPadding.SAME, 16).build(1));
        IOException e = assertThrows(Predictor.MissingPredictorConfigException.class, () -> Predictor.load(dir));
        assertTrue(e.getMessage().contains("predictor.json"), e.getMessage());
    }
}
