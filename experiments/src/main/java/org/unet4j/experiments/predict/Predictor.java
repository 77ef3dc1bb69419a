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
import org.unet4j.experiments.datasets.files.MsdTask;
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
 * A 3-D model segments whole volumes ({@code [C, D, H, W]}, a NIfTI image's data) the same way: each channel
 * standardised as in training, then cubic windows of the training patch side slid over the volume and blended
 * (weights g(z) g(y) g(x)), or tiled and stitched exactly for a VALID net.
 * With flips as test-time augmentation the probabilities are the mean over the image, its left-right and its
 * up-down mirror (each output mirrored back).
 *
 * <p>A model of K &gt; 2 classes ({@link ModelRecipe#classes}) gives the K softmax probabilities of every pixel,
 * class-major ({@code [K, spatial...]}), blended, stitched, resized and mirrored as one map each; its label map is
 * their argmax ({@link #classIds}). A one-logit model gives the sigmoid of its logit, thresholded.
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

    /**
     * A predictor of {@code model} as it is, for an experiment that scores its freshly trained model the way
     * {@code unet4j predict} will (whole volumes by sliding windows); {@code config} is what it saves beside it.
     */
    public static Predictor of(PredictorConfig config, Module model) {
        return new Predictor(config, model, null);
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

    /**
     * The foreground probability of every pixel of {@code image}, row-major, at the image's size; for a model of
     * K &gt; 2 classes the K class probabilities, class-major ({@code [K, H, W]}).
     */
    public float[] probabilities(BufferedImage image, Options options) {
        if (config.recipe().spatialDims() != 2) {
            throw new IllegalArgumentException("this model segments volumes (" + config.recipe() + "); give it NIfTI"
                    + " volumes (.nii, .nii.gz), not images");
        }
        int c = config.input().channels();
        return probabilities(Tensor.wrap(ImageFiles.planes(image, c == 3), c, image.getHeight(), image.getWidth()),
                options);
    }

    /**
     * For a 2-D model, as {@link #probabilities(BufferedImage, Options)} for an image already read into the
     * training channels, {@code [C, H, W]} (e.g. a generated one). For a 3-D model, the foreground probability of
     * every voxel of {@code image}, a volume {@code [C, D, H, W]} (a NIfTI image's data), in the volume's order (K
     * class probabilities, class-major, for a model of K &gt; 2 classes): each channel standardised as in training,
     * then windows of the training patch size slid over the whole volume and blended (SAME nets) or tiled and
     * stitched exactly (VALID nets).
     */
    public float[] probabilities(Tensor image, Options options) {
        if (config.recipe().spatialDims() == 3) {
            return probabilitiesOfVolume(image, options);
        }
        int c = config.input().channels();
        if (image.rank() != 3 || image.dim(0) != c) {
            throw new IllegalArgumentException("the model takes images [C, H, W] of " + c + " channel"
                    + (c == 1 ? "" : "s") + ", got " + image.shape() + (image.rank() == 4 ? "; a volume needs a 3-D"
                    + " model (segmentation --dims 3)" : ""));
        }
        int h = image.dim(1);
        int w = image.dim(2);
        Tensor x = config.input().normalisation().apply(image.reshape(1, c, h, w));
        int s = config.input().size().size();
        if (config.input().size().mode() == SizePolicy.Mode.RESIZE) {
            float[] small = SizePolicy.bilinear(x.toFloatArray(), c, h, w, s, s);
            float[] p = probabilitiesOf(Tensor.wrap(small, 1, c, s, s), options);
            return SizePolicy.bilinear(p, outputs(), s, s, h, w);
        }
        return whole(x.toFloatArray(), c, new int[] {h, w}, options);
    }

    /** {@link #probabilities(Tensor, Options)} of a volume by a 3-D model. */
    private float[] probabilitiesOfVolume(Tensor volume, Options options) {
        int c = config.input().channels();
        if (volume.rank() != 4 || volume.dim(0) != c) {
            throw new IllegalArgumentException("the model takes volumes [C, D, H, W] of " + c + " channel"
                    + (c == 1 ? "" : "s") + ", got " + volume.shape());
        }
        Tensor x = config.standardise() ? MsdTask.standardise(volume) : config.input().normalisation()
                .apply(volume.reshape(1, c, volume.dim(1) * volume.dim(2), volume.dim(3))).reshape(volume.dims());
        return probabilitiesOfStandardised(x, options);
    }

    /**
     * As {@link #probabilities(Tensor, Options)} for a volume already brought to the network's input scale (an
     * {@link MsdTask#load MSD case} as loaded for training).
     */
    public float[] probabilitiesOfStandardised(Tensor volume, Options options) {
        if (config.recipe().spatialDims() != 3 || volume.rank() != 4) {
            throw new IllegalArgumentException("a 3-D model and a volume [C, D, H, W] are needed, got "
                    + config.recipe() + " and " + volume.shape());
        }
        return whole(volume.toFloatArray(), volume.dim(0), new int[] {volume.dim(1), volume.dim(2), volume.dim(3)},
                options);
    }

    /**
     * The label map of {@code probabilities} as {@link #probabilities} returns them for {@code voxels} pixels or
     * voxels: {@code p >= threshold} as 1 and 0 for a one-logit model, the class of largest probability (ties: the
     * lowest id) for a model of K &gt; 2 classes.
     */
    public int[] classIds(float[] probabilities, int voxels) {
        int k = outputs();
        if (probabilities.length != k * voxels) {
            throw new IllegalArgumentException("expected " + k + " x " + voxels + " probabilities, got "
                    + probabilities.length);
        }
        int[] ids = new int[voxels];
        for (int i = 0; i < voxels; i++) {
            if (k == 1) {
                ids[i] = probabilities[i] >= config.threshold() ? 1 : 0;
                continue;
            }
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (probabilities[c * voxels + i] > probabilities[best * voxels + i]) {
                    best = c;
                }
            }
            ids[i] = best;
        }
        return ids;
    }

    /** The maps the model outputs: 1 foreground probability, or K class probabilities. */
    public int outputs() {
        return config.recipe().outChannels();
    }

    /** Probabilities of a whole image or volume {@code x} ({@code [C, spatial...]}) at its own scale. */
    private float[] whole(float[] x, int c, int[] size, Options options) {
        if (config.recipe().padding() == ConvPadding.VALID) {
            return tiled(x, c, size, options);
        }
        return slidingWindow(x, c, size, options);
    }

    /**
     * Mean probabilities of a batch [B, C, spatial...] (with mirrors when asked), as [B, outputs, spatial...]: the
     * sigmoid of one logit, or the softmax over K.
     */
    private float[] probabilitiesOf(Tensor batch, Options options) {
        int k = outputs();
        float[] sum = activate(Trainer.predict(model, batch, options.batch()).toFloatArray(), batch.dim(0), k);
        if (options.flips()) {
            int[] out = batch.dims();
            out[1] = k;
            for (boolean vertical : new boolean[] {false, true}) {
                float[] flipped = activate(Trainer.predict(model, flip(batch, vertical), options.batch())
                        .toFloatArray(), batch.dim(0), k);
                float[] b = flip(Tensor.wrap(flipped, out), vertical).toFloatArray();
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

    /**
     * The probabilities of {@code logits} [B, k, spatial...]: the sigmoid for k = 1, else the softmax over the k
     * channels of each pixel, {@code exp(x_c - max) / sum exp(x_j - max)}.
     */
    private static float[] activate(float[] logits, int batch, int k) {
        if (k == 1) {
            return sigmoid(logits);
        }
        float[] p = new float[logits.length];
        int voxels = logits.length / (batch * k);
        for (int sample = 0; sample < batch; sample++) {
            int base = sample * k * voxels;
            for (int i = 0; i < voxels; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    max = Math.max(max, logits[base + c * voxels + i]);
                }
                double total = 0;
                for (int c = 0; c < k; c++) {
                    total += Math.exp(logits[base + c * voxels + i] - max);
                }
                for (int c = 0; c < k; c++) {
                    p[base + c * voxels + i] = (float) (Math.exp(logits[base + c * voxels + i] - max) / total);
                }
            }
        }
        return p;
    }

    private static float[] sigmoid(float[] logits) {
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (1 / (1 + Math.exp(-logits[i])));
        }
        return p;
    }

    /** {@code t} [N, C, ..., H, W] mirrored up-down ({@code vertical}) or left-right, as a new tensor. */
    static Tensor flip(Tensor t, boolean vertical) {
        int[] d = t.dims();
        int h = d[d.length - 2];
        int w = d[d.length - 1];
        float[] in = t.toFloatArray();
        float[] out = new float[in.length];
        for (int base = 0; base < in.length; base += h * w) {
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

    /**
     * Windows of the training size {@code s} along every axis, {@code s (1 - overlap)} apart and covering
     * {@code x} ({@code [C, spatial...]}, zero-padded up to {@code s} where smaller), blended by the window
     * weights; memory is one batch of windows plus the running sums.
     */
    private float[] slidingWindow(float[] x, int c, int[] size, Options options) {
        int d = size.length;
        int s = config.input().size().size();
        int[] padded = new int[d];
        List<int[]> axes = new ArrayList<>();
        int stride = Math.max(1, (int) Math.round(s * (1 - options.overlap())));
        for (int a = 0; a < d; a++) {
            padded[a] = Math.max(size[a], s);
            axes.add(starts(padded[a], s, stride));
        }
        float[] image = pad(x, c, size, padded, 0);
        List<int[]> corners = product(axes);
        int[] window = new int[d];
        java.util.Arrays.fill(window, s);
        int windowVoxels = volume(window);
        float[] weights = options.blending().weights(s, d);
        int voxels = volume(padded);
        int k = outputs();
        double[] sum = new double[k * voxels];
        double[] total = new double[voxels];
        int[] shape = new int[d + 2];
        java.util.Arrays.fill(shape, s);
        shape[1] = c;
        for (int from = 0; from < corners.size(); from += options.batch()) {
            List<int[]> part = corners.subList(from, Math.min(corners.size(), from + options.batch()));
            float[] windows = new float[part.size() * c * windowVoxels];
            for (int w = 0; w < part.size(); w++) {
                for (int ch = 0; ch < c; ch++) {
                    copyBlock(image, ch * voxels, padded, part.get(w), windows, (w * c + ch) * windowVoxels, window,
                            true);
                }
            }
            shape[0] = part.size();
            float[] p = probabilitiesOf(Tensor.wrap(windows, shape), options);
            for (int w = 0; w < part.size(); w++) {
                int[] corner = part.get(w);
                int[] at = new int[d];
                for (int i = 0; i < windowVoxels; i++) {
                    int target = 0;
                    for (int a = 0, rest = i; a < d; a++) {
                        int axis = d - 1 - a;
                        at[axis] = rest % s;
                        rest /= s;
                    }
                    for (int a = 0; a < d; a++) {
                        target = target * padded[a] + corner[a] + at[a];
                    }
                    for (int o = 0; o < k; o++) {
                        sum[o * voxels + target] += weights[i] * p[((w * k) + o) * windowVoxels + i];
                    }
                    total[target] += weights[i];
                }
            }
        }
        float[] blended = new float[k * voxels];
        for (int i = 0; i < k * voxels; i++) {
            blended[i] = (float) (sum[i] / total[i % voxels]);
        }
        float[] out = new float[k * volume(size)];
        for (int o = 0; o < k; o++) {
            copyBlock(blended, o * voxels, padded, new int[d], out, o * volume(size), size, true);
        }
        return out;
    }

    /** The number of elements of a grid of {@code size}. */
    private static int volume(int[] size) {
        int n = 1;
        for (int v : size) {
            n *= v;
        }
        return n;
    }

    /** Every combination of one value per axis, the last axis fastest. */
    private static List<int[]> product(List<int[]> axes) {
        List<int[]> out = new ArrayList<>();
        out.add(new int[0]);
        for (int[] values : axes) {
            List<int[]> next = new ArrayList<>();
            for (int[] prefix : out) {
                for (int v : values) {
                    int[] longer = java.util.Arrays.copyOf(prefix, prefix.length + 1);
                    longer[prefix.length] = v;
                    next.add(longer);
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * Copies the block of size {@code block} between the grid {@code grid} (in {@code big} from {@code bigOffset})
     * at {@code corner} and the dense array {@code small} (from {@code smallOffset}); out of the grid when
     * {@code fromBig}, into it otherwise. Rows along the last axis go by arraycopy.
     */
    private static void copyBlock(float[] big, int bigOffset, int[] grid, int[] corner, float[] small,
            int smallOffset, int[] block, boolean fromBig) {
        int d = grid.length;
        int rows = volume(block) / block[d - 1];
        int[] index = new int[d];
        for (int r = 0; r < rows; r++) {
            for (int a = d - 2, rest = r; a >= 0; a--) {
                index[a] = rest % block[a];
                rest /= block[a];
            }
            int g = 0;
            int q = 0;
            for (int a = 0; a < d - 1; a++) {
                g = g * grid[a] + corner[a] + index[a];
                q = q * block[a] + index[a];
            }
            g = g * grid[d - 1] + corner[d - 1];
            q = q * block[d - 1];
            if (fromBig) {
                System.arraycopy(big, bigOffset + g, small, smallOffset + q, block[d - 1]);
            } else {
                System.arraycopy(small, smallOffset + q, big, bigOffset + g, block[d - 1]);
            }
        }
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

    /**
     * The exact output of a VALID U-Net on {@code x} ({@code [C, spatial...]}) by tile-and-stitch ({@link Tiler}):
     * the input zero-padded by the network's margin on every side and up to a valid size, the output cropped back.
     */
    private float[] tiled(float[] x, int c, int[] size, Options options) {
        UNet net = (UNet) model;
        UNetGeometry geometry = net.geometry();
        Tiler tiler = Tiler.of(net);
        int d = size.length;
        int margin = (tiler.inputTile() - geometry.outputSize(tiler.inputTile()).getAsInt()) / 2;
        int[] padded = new int[d];
        int[] shape = new int[d + 2];
        shape[0] = 1;
        shape[1] = c;
        int[] outSize = new int[d];
        for (int a = 0; a < d; a++) {
            padded[a] = validInput(geometry, Math.max(size[a] + 2 * margin, tiler.inputTile()));
            shape[a + 2] = padded[a];
            outSize[a] = padded[a] - 2 * margin;
        }
        Tensor input = Tensor.wrap(pad(x, c, size, padded, margin), shape);
        int k = outputs();
        float[] p = activate(tiler.apply(input).toFloatArray(), 1, k);
        if (options.flips()) {
            for (boolean vertical : new boolean[] {false, true}) {
                float[] q = activate(flip(tiler.apply(flip(input, vertical)), vertical).toFloatArray(), 1, k);
                for (int i = 0; i < p.length; i++) {
                    p[i] += q[i];
                }
            }
            for (int i = 0; i < p.length; i++) {
                p[i] /= 3;
            }
        }
        float[] out = new float[k * volume(size)];
        for (int o = 0; o < k; o++) {
            copyBlock(p, o * volume(outSize), outSize, new int[d], out, o * volume(size), size, true);
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

    /** {@code in} ({@code channels} grids of {@code size}) at {@code offset} along every axis of zero grids. */
    private static float[] pad(float[] in, int channels, int[] size, int[] padded, int offset) {
        if (offset == 0 && java.util.Arrays.equals(size, padded)) {
            return in;
        }
        int inVoxels = volume(size);
        int outVoxels = volume(padded);
        float[] out = new float[channels * outVoxels];
        int[] corner = new int[size.length];
        java.util.Arrays.fill(corner, offset);
        for (int ch = 0; ch < channels; ch++) {
            copyBlock(out, ch * outVoxels, padded, corner, in, ch * inVoxels, size, false);
        }
        return out;
    }

    @Override
    public String toString() {
        return "Predictor[" + config.recipe() + ", " + config.input().size() + ", weights "
                + (checkpoint == null ? "in memory" : checkpoint) + "]";
    }
}
