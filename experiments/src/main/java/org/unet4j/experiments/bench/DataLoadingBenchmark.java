package org.unet4j.experiments.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.Batch;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.files.DatasetLayout;
import org.unet4j.experiments.datasets.files.FolderDataset;
import org.unet4j.experiments.datasets.files.SizePolicy;
import org.unet4j.layers.Module;
import org.unet4j.layers.optim.Adam;
import org.unet4j.layers.unet.UNet;

/**
 * Images per second of the {@code --data} loader on a generated Kvasir-layout folder of 512 x 512 RGB JPEGs with
 * 0/255 JPEG masks, resized to 256 x 256 RGB samples. The yardstick {@code ./unet4j bench data} ({@link #record})
 * times, each beside a PIL + NumPy loop of {@code bench/reference.py} doing the same decoding and resizing:
 * <ul>
 * <li>loading into memory (scan, decode, mask decoding, resize, normalisation) on 1 and on 2 decoding threads;</li>
 * <li>one epoch of training batches through the lazy prefetching loader (decoded on demand, no cache, 2 decoding
 *     threads).</li>
 * </ul>
 * The main method prints that table, then one training epoch of a small U-Net (filters 4-8-16, batch 4) on batches
 * decoded on demand, against the same epoch on the in-memory part plus the on-demand decoding alone: how much of the
 * decoding the prefetching hides behind the training steps. Each figure is the median of the timed runs.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp ... org.unet4j.experiments.bench.DataLoadingBenchmark [images] [runs]
 * </pre>
 */
public final class DataLoadingBenchmark {
    private static final int SIDE = 512;
    private static final int SAMPLE = 256;
    private static final int BATCH = 4;
    /** The yardstick's folder: enough images for a few batches per decoding thread, quick to generate. */
    private static final int RECORD_IMAGES = 48;
    private static final int RECORD_RUNS = 3;
    private static final int WARM_UP = 1;

    private DataLoadingBenchmark() {
    }

    /** Writes {@code count} 512 x 512 JPEG images (a bright disk on noise) and their 0/255 JPEG masks. */
    static Path writeFolder(Path root, int count) throws IOException {
        Files.createDirectories(root.resolve("images"));
        Files.createDirectories(root.resolve("masks"));
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < count; i++) {
            int cy = 128 + rng.nextInt(256);
            int cx = 128 + rng.nextInt(256);
            int r = 40 + rng.nextInt(60);
            BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
            BufferedImage mask = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    boolean in = (y - cy) * (y - cy) + (x - cx) * (x - cx) <= r * r;
                    int v = Math.max(0, Math.min(255, (in ? 190 : 60) + rng.nextInt(-30, 31)));
                    image.setRGB(x, y, v << 16 | (v * 3 / 4) << 8 | v / 2);
                    mask.getRaster().setSample(x, y, 0, in ? 255 : 0);
                }
            }
            ImageIO.write(image, "jpg", root.resolve("images/i" + i + ".jpg").toFile());
            ImageIO.write(mask, "jpg", root.resolve("masks/i" + i + ".jpg").toFile());
        }
        return root;
    }

    private static FolderDataset.Request request(Path root, int threads, long cacheBytes) {
        return new FolderDataset.Request(root, DatasetLayout.KVASIR_SEG, "ah", true, SizePolicy.of("resize", SAMPLE),
                null, 0.1, 0.1, 7, false, threads, cacheBytes, null);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double trainEpoch(Module net, Adam adam, SegmentationDataset train) {
        long start = System.nanoTime();
        for (Batch b : train.batches(BATCH, new SplittableRandom(3))) {
            Tensor loss = Losses.bceWithLogits(net.forward(b.images()), b.masks());
            adam.zeroGrad();
            loss.backward();
            adam.step();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double decodeEpoch(SegmentationDataset train) {
        long start = System.nanoTime();
        for (Batch b : train.batches(BATCH, new SplittableRandom(3))) {
            if (b.size() == 0) {
                throw new IllegalStateException("empty batch");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Seconds of loading {@code root} into memory on {@code threads} decoding threads, median of {@code runs}. */
    private static double loadSeconds(Path root, int threads, int runs) throws IOException {
        double[] seconds = new double[runs];
        for (int r = 0; r < runs; r++) {
            long start = System.nanoTime();
            FolderDataset.load(request(root, threads, 0), line -> { });
            seconds[r] = (System.nanoTime() - start) / 1e9;
        }
        return median(seconds);
    }

    private static Map<String, Object> twin(Path root, int threads, int images, int runs) {
        return Map.of("figure", "decode", "folder", root.toString(), "images", images, "size", SAMPLE, "threads",
                threads, "runs", runs, "warmup", WARM_UP);
    }

    private static String rate(int images, double seconds, Reference.Answer twin, int twinImages) {
        return String.format(Locale.ROOT, "%.1f images/s", images / seconds) + (twin.measured()
                ? String.format(Locale.ROOT, " (PIL: %.1f images/s)", twinImages / twin.seconds()) : "");
    }

    /**
     * The record's data-loading table on a generated folder of {@value #RECORD_IMAGES} images: loading into memory on
     * 1 and 2 threads, and an epoch through the lazy prefetching loader, each beside the PIL + NumPy loop.
     */
    static RecordTable record(Reference reference, String command) {
        RecordTable table = new RecordTable("Data loading: decoding and resizing 512x512 JPEGs", command, "PIL");
        Path root = null;
        try {
            root = writeFolder(Files.createTempDirectory("unet4j-loading"), RECORD_IMAGES);
            for (int threads : new int[] {1, 2}) {
                loadSeconds(root, threads, WARM_UP);
                double seconds = loadSeconds(root, threads, RECORD_RUNS);
                Reference.Answer twin = reference.measure(twin(root, threads, RECORD_IMAGES, RECORD_RUNS));
                table.row(String.format(Locale.ROOT, "load %d images into memory, %d decoding thread%s",
                        RECORD_IMAGES, threads, threads == 1 ? "" : "s"), seconds, twin,
                        rate(RECORD_IMAGES, seconds, twin, RECORD_IMAGES));
            }
            FolderDataset.Loaded lazy = FolderDataset.load(request(root, 2, 1), line -> { });
            int train = lazy.train().count();
            decodeEpoch(lazy.train());
            double[] epochs = new double[RECORD_RUNS];
            for (int r = 0; r < RECORD_RUNS; r++) {
                epochs[r] = decodeEpoch(lazy.train());
            }
            double epoch = median(epochs);
            Reference.Answer twin = reference.measure(twin(root, 2, train, RECORD_RUNS));
            table.row(String.format(Locale.ROOT, "epoch of %d training images, lazy prefetching loader, no cache,"
                    + " 2 decoding threads", train), epoch, twin, rate(train, epoch, twin, train));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the data-loading yardstick failed: " + e.getMessage(), e);
        } finally {
            delete(root);
        }
        table.line(String.format(Locale.ROOT, "%d generated 512x512 RGB JPEGs with 0/255 JPEG masks (Kvasir-SEG"
                + " layout) in a temporary folder, resized to %dx%d RGB samples; median of %d runs after %d warm-up"
                + " run. unet4j: scan, decode, mask decoding, bilinear resize and normalisation (into memory), or"
                + " batches of %d decoded on demand by the prefetching loader. PIL: bench/reference.py's loop over the"
                + " same files (Image.open, convert, resize BILINEAR for the image and NEAREST for the mask, NumPy"
                + " float32 arrays), on as many threads; where /usr/bin/python3 has no PIL the table holds unet4j's"
                + " figures alone and says so.", RECORD_IMAGES, SAMPLE, SAMPLE, RECORD_RUNS, WARM_UP, BATCH));
        return table;
    }

    private static void delete(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("bench: could not delete " + root + ": " + e.getMessage());
        }
    }

    /** Prints the record's table (unet4j alone), then how much decoding the prefetching hides behind training. */
    public static void main(String[] args) throws IOException {
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        record(Reference.ABSENT, "DataLoadingBenchmark").print(System.out);
        Path root = Files.createTempDirectory("unet4j-loading");
        try {
            writeFolder(root, images);
            System.out.printf(Locale.ROOT, "%d JPEG images of %dx%d (RGB) + JPEG masks -> %dx%d RGB samples, %d runs"
                    + " (median)%n", images, SIDE, SIDE, SAMPLE, SAMPLE, runs);
            FolderDataset.Loaded memory = FolderDataset.load(request(root, 2, 0), line -> { });
            FolderDataset.Loaded lazy = FolderDataset.load(request(root, 2, 1), line -> { });
            double[] decode = new double[runs];
            double[] inMemory = new double[runs];
            double[] overlapped = new double[runs];
            for (int r = 0; r < runs; r++) {
                decode[r] = decodeEpoch(lazy.train());
                Module a = UNet.builder().inChannels(3).levels(3).filters(4, 8, 16).seed(5).build();
                inMemory[r] = trainEpoch(a, new Adam(a.parameters(), 1e-3), memory.train());
                Module b = UNet.builder().inChannels(3).levels(3).filters(4, 8, 16).seed(5).build();
                overlapped[r] = trainEpoch(b, new Adam(b.parameters(), 1e-3), lazy.train());
            }
            System.out.printf(Locale.ROOT, "training epoch, in memory:            %7.2f s%n", median(inMemory));
            System.out.printf(Locale.ROOT, "on-demand decoding alone:             %7.2f s%n", median(decode));
            System.out.printf(Locale.ROOT, "training epoch, decoded on demand:    %7.2f s (%.0f%% of the decoding"
                    + " hidden)%n", median(overlapped), 100 * Math.max(0, median(inMemory) + median(decode)
                    - median(overlapped)) / median(decode));
        } finally {
            delete(root);
        }
    }
}
