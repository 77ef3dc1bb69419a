package org.unet4j.experiments.predict;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.files.ImageFiles;
import org.unet4j.experiments.datasets.files.SizePolicy;
import org.unet4j.experiments.training.Trainer;
import org.unet4j.layers.Module;
import org.unet4j.layers.equivariance.Tiler;
import org.unet4j.layers.io.Checkpoint;
import org.unet4j.layers.topology.ConvPadding;
import org.unet4j.layers.unet.UNet;
import org.unet4j.layers.topology.UNetGeometry;

/**
 * A trained model ready to segment images of any size, rebuilt from a model directory's {@code predictor.json} and
 * its best checkpoint. An image is read into the training channels and normalised as in training, then:
 * <ul>
 * <li>when training resized its images, it is resized to the training size, segmented, and the probabilities are
 *     resized back to the image's size;</li>
 * <li>otherwise (crop, pad, tile: the network learnt at the image's own scale), a VALID-padding U-Net is tiled and
 *     stitched exactly by {@link Tiler} (Rumberger et al. 2021, Corollary 4); any other network slides a window of
 *     the training size over the image with overlap and blends the windows ({@link WindowBlending}), as MONAI's
 *     sliding-window inferer does. Memory stays bounded by one batch of windows.</li>
 * </ul>
 * With flips as test-time augmentation the probabilities are the mean over the image, its left-right and its
 * up-down mirror (each output mirrored back).
 */
public final class Predictor {
    private final PredictorConfig config;
    private final Module model;
    private final Path checkpoint;

    private Predictor(PredictorConfig config, Module model, Path checkpoint) {
        this.config = config;
        this.model = model;
        this.checkpoint = checkpoint;
    }

    /**
     * How images are segmented.
     *
     * @param blending how overlapping windows are averaged
     * @param overlap  the fraction of a window shared with its neighbour, in [0, 1)
     * @param flips    average over the image and its two mirrors
     * @param batch    windows per forward pass
     */
    public record Options(WindowBlending blending, double overlap, boolean flips, int batch) {
        /** Checks the values. */
        public Options {
            if (!(overlap >= 0 && overlap < 1)) {
                throw new IllegalArgumentException("--overlap must lie in [0, 1), got " + overlap);
            }
            if (batch < 1) {
                throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
            }
        }

        /** Gaussian blending, overlap 1/4, no flips, 8 windows per pass. */
        public static Options defaults() {
            return new Options(WindowBlending.GAUSSIAN, 0.25, false, 8);
        }
    }

    /** Thrown for a model directory or checkpoint that lacks the settings prediction needs. */
    public static final class MissingPredictorConfigException extends IOException {
        private static final long serialVersionUID = 1L;

        MissingPredictorConfigException(String message) {
            super(message);
        }
    }

    /**
     * The model in {@code path}: a checkpoint file, the directory of one trained model (holding
     * {@code predictor.json} and {@code checkpoints/}), or a run directory holding exactly one such model.
     */
    public static Predictor load(Path path) throws IOException {
        Path modelDirectory = modelDirectory(path);
        Path configFile = modelDirectory.resolve(PredictorConfig.FILE);
        Path checkpoint = Files.isRegularFile(path) ? path : bestCheckpoint(modelDirectory);
        if (!Files.isRegularFile(configFile)) {
            throw new MissingPredictorConfigException(checkpoint + " has no " + PredictorConfig.FILE + " beside it"
                    + " (expected " + configFile + "): it was trained before models were saved with what prediction"
                    + " needs (architecture, input size policy, channels, normalisation, threshold); train it again"
                    + " with this version");
        }
        PredictorConfig config = PredictorConfig.read(configFile);
        Module model = config.recipe().build(0);
        Checkpoint.load(checkpoint, model);
        model.eval();
        return new Predictor(config, model, checkpoint);
    }

    private static Path modelDirectory(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            Path parent = path.toAbsolutePath().getParent();
            return parent.getFileName().toString().equals("checkpoints") ? parent.getParent() : parent;
        }
        if (!Files.isDirectory(path)) {
            throw new IOException("no such model: " + path + " (give a run directory, a model directory or a"
                    + " checkpoint file)");
        }
        if (Files.isRegularFile(path.resolve(PredictorConfig.FILE)) || Files.isDirectory(path.resolve("checkpoints"))) {
            return path;
        }
        List<Path> models;
        try (Stream<Path> files = Files.walk(path, 3)) {
            models = files.filter(f -> f.getFileName().toString().equals(PredictorConfig.FILE)).map(Path::getParent)
                    .sorted().toList();
        }
        if (models.size() == 1) {
            return models.get(0);
        }
        if (models.isEmpty()) {
            throw new MissingPredictorConfigException("no trained model in " + path + ": no " + PredictorConfig.FILE
                    + " in it or its sub-directories (runs from before unet4j predict lack it; train again)");
        }
        throw new IOException(path + " holds " + models.size() + " trained models; choose one with --model: "
                + String.join(", ", models.stream().map(Path::toString).toList()));
    }

    private static Path bestCheckpoint(Path modelDirectory) throws IOException {
        Path folder = modelDirectory.resolve("checkpoints");
        Path best = folder.resolve("best.ckpt");
        if (Files.isRegularFile(best)) {
            return best;
        }
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                List<Path> epochs = files.filter(f -> f.getFileName().toString().matches("epoch-\\d+\\.ckpt")).sorted()
                        .toList();
                if (!epochs.isEmpty()) {
                    return epochs.get(epochs.size() - 1);
                }
            }
        }
        throw new IOException("no checkpoint in " + folder + " (best.ckpt or epoch-N.ckpt)");
    }

    /** The settings read from {@code predictor.json}. */
    public PredictorConfig config() {
        return config;
    }

    /** The checkpoint the weights came from. */
    public Path checkpoint() {
        return checkpoint;
    }

    /** The foreground probability of every pixel of {@code image}, row-major, at the image's size. */
    public float[] probabilities(BufferedImage image, Options options) {
        int h = image.getHeight();
        int w = image.getWidth();
        int c = config.input().channels();
        Tensor x = config.input().normalisation().apply(Tensor.wrap(ImageFiles.planes(image, c == 3), 1, c, h, w));
        int s = config.input().size().size();
        if (config.input().size().mode() == SizePolicy.Mode.RESIZE) {
            float[] small = SizePolicy.bilinear(x.toFloatArray(), c, h, w, s, s);
            float[] p = probabilitiesOf(Tensor.wrap(small, 1, c, s, s), options);
            return SizePolicy.bilinear(p, 1, s, s, h, w);
        }
        if (config.recipe().padding() == ConvPadding.VALID) {
            return tiled(x, options);
        }
        return slidingWindow(x, options);
    }

    /** Mean sigmoid probabilities of a batch [B, C, H, W] (with mirrors when asked), flattened [B, H, W]. */
    private float[] probabilitiesOf(Tensor batch, Options options) {
        float[] sum = sigmoid(Trainer.predict(model, batch, options.batch()).toFloatArray());
        if (options.flips()) {
            for (boolean vertical : new boolean[] {false, true}) {
                float[] flipped = sigmoid(Trainer.predict(model, flip(batch, vertical), options.batch())
                        .toFloatArray());
                Tensor back = flip(Tensor.wrap(flipped, batch.dim(0), 1, batch.dim(2), batch.dim(3)), vertical);
                float[] b = back.toFloatArray();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += b[i];
                }
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] /= 3;
            }
        }
        return sum;
    }

    private static float[] sigmoid(float[] logits) {
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (1 / (1 + Math.exp(-logits[i])));
        }
        return p;
    }

    /** {@code t} [N, C, H, W] mirrored up-down ({@code vertical}) or left-right, as a new tensor. */
    static Tensor flip(Tensor t, boolean vertical) {
        int[] d = t.dims();
        int h = d[2];
        int w = d[3];
        float[] in = t.toFloatArray();
        float[] out = new float[in.length];
        for (int plane = 0; plane < d[0] * d[1]; plane++) {
            int base = plane * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int sy = vertical ? h - 1 - y : y;
                    int sx = vertical ? x : w - 1 - x;
                    out[base + y * w + x] = in[base + sy * w + sx];
                }
            }
        }
        return Tensor.wrap(out, d);
    }

    private float[] slidingWindow(Tensor x, Options options) {
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int s = config.input().size().size();
        int ph = Math.max(h, s);
        int pw = Math.max(w, s);
        float[] image = pad(x.toFloatArray(), c, h, w, ph, pw);
        int stride = Math.max(1, (int) Math.round(s * (1 - options.overlap())));
        List<int[]> corners = new ArrayList<>();
        for (int top : starts(ph, s, stride)) {
            for (int left : starts(pw, s, stride)) {
                corners.add(new int[] {top, left});
            }
        }
        float[] weights = options.blending().weights(s);
        double[] sum = new double[ph * pw];
        double[] total = new double[ph * pw];
        for (int from = 0; from < corners.size(); from += options.batch()) {
            List<int[]> part = corners.subList(from, Math.min(corners.size(), from + options.batch()));
            float[] windows = new float[part.size() * c * s * s];
            for (int k = 0; k < part.size(); k++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int y = 0; y < s; y++) {
                        System.arraycopy(image, (ch * ph + part.get(k)[0] + y) * pw + part.get(k)[1], windows,
                                ((k * c + ch) * s + y) * s, s);
                    }
                }
            }
            float[] p = probabilitiesOf(Tensor.wrap(windows, part.size(), c, s, s), options);
            for (int k = 0; k < part.size(); k++) {
                for (int y = 0; y < s; y++) {
                    for (int xx = 0; xx < s; xx++) {
                        int target = (part.get(k)[0] + y) * pw + part.get(k)[1] + xx;
                        float weight = weights[y * s + xx];
                        sum[target] += weight * p[(k * s + y) * s + xx];
                        total[target] += weight;
                    }
                }
            }
        }
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int xx = 0; xx < w; xx++) {
                out[y * w + xx] = (float) (sum[y * pw + xx] / total[y * pw + xx]);
            }
        }
        return out;
    }

    /** Window starts 0, stride, 2 stride, ... and {@code extent - s} last, so that the windows cover the extent. */
    static int[] starts(int extent, int s, int stride) {
        List<Integer> out = new ArrayList<>();
        int top = 0;
        while (top + s < extent) {
            out.add(top);
            top += stride;
        }
        out.add(extent - s);
        return out.stream().mapToInt(Integer::intValue).distinct().toArray();
    }

    private float[] tiled(Tensor x, Options options) {
        UNet net = (UNet) model;
        UNetGeometry geometry = net.geometry();
        Tiler tiler = Tiler.of(net);
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int margin = (tiler.inputTile() - geometry.outputSize(tiler.inputTile()).getAsInt()) / 2;
        int sh = validInput(geometry, Math.max(h + 2 * margin, tiler.inputTile()));
        int sw = validInput(geometry, Math.max(w + 2 * margin, tiler.inputTile()));
        float[] padded = new float[c * sh * sw];
        float[] in = x.toFloatArray();
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(in, (ch * h + y) * w, padded, (ch * sh + y + margin) * sw + margin, w);
            }
        }
        Tensor input = Tensor.wrap(padded, 1, c, sh, sw);
        float[] p = sigmoid(tiler.apply(input).toFloatArray());
        int oh = sh - 2 * margin;
        int ow = sw - 2 * margin;
        if (options.flips()) {
            for (boolean vertical : new boolean[] {false, true}) {
                float[] q = sigmoid(flip(tiler.apply(flip(input, vertical)), vertical).toFloatArray());
                for (int i = 0; i < p.length; i++) {
                    p[i] += q[i];
                }
            }
            for (int i = 0; i < p.length; i++) {
                p[i] /= 3;
            }
        }
        float[] out = new float[h * w];
        for (int y = 0; y < h; y++) {
            System.arraycopy(p, y * ow, out, y * w, w);
        }
        if (oh < h) {
            throw new IllegalStateException("tiled output " + oh + " rows for an image of " + h);
        }
        return out;
    }

    /** The smallest valid input size of the geometry that is at least {@code atLeast}. */
    private static int validInput(UNetGeometry geometry, int atLeast) {
        int b = 1;
        while (geometry.inputSize(b) < atLeast || !geometry.isValidInputSize(geometry.inputSize(b))) {
            b++;
        }
        return geometry.inputSize(b);
    }

    private static float[] pad(float[] in, int channels, int h, int w, int ph, int pw) {
        if (ph == h && pw == w) {
            return in;
        }
        float[] out = new float[channels * ph * pw];
        for (int ch = 0; ch < channels; ch++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(in, (ch * h + y) * w, out, (ch * ph + y) * pw, w);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "Predictor[" + config.recipe() + ", " + config.input().size() + ", weights " + checkpoint + "]";
    }
}
