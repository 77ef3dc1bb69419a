package org.unet4j.experiments.datasets.files;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.SegmentationDataset;

/**
 * Loads a dataset folder in one of the {@link DatasetLayout}s: finds the samples, decodes images and masks in
 * parallel ({@link MaskDecoder} recognises each mask's encoding), splits them by name ({@link DatasetSplits}),
 * brings every image to the sample size ({@link SizePolicy}), standardises the channels with the training part's
 * statistics ({@link Normalisation}) and describes the result in a {@link DatasetCard}. Everything is decoded into
 * memory up front.
 *
 * <pre>{@code
 * var data = FolderDataset.load(Path.of("Kvasir-SEG"), SizePolicy.of("resize", 128));   // layout recognised
 * System.out.println(data.card());                                                      // what was loaded
 * var x = data.train().images();                                                        // [N, 1, 128, 128]
 * }</pre>
 *
 * <p>A part without any foreground pixel fails with an error (masks stored in a way the decoder did not expect
 * would otherwise train and score as "perfect" on empty targets), unless {@code allowEmpty} is set, where empty
 * masks are legitimate; then it is a warning.
 */
public final class FolderDataset {
    private FolderDataset() {
    }

    /**
     * What to load and how.
     *
     * @param root               the dataset folder (or manifest CSV)
     * @param layout             the layout, or null to recognise it
     * @param annotator          STARE's annotator: ah or vk
     * @param rgb                three channels (else one, the luma)
     * @param size               how images become samples
     * @param splits             the splits to reuse, or null to assign them
     * @param validationFraction of the samples without a split of their own (or of the training part)
     * @param testFraction       of the samples without a split of their own
     * @param seed               for the split
     * @param allowEmpty         a part with no foreground is a warning, not an error
     * @param threads            decoding threads
     * @param cacheBytes         0: decode everything into memory; else the training part is decoded on demand
     *                           ({@link LazyLabelledSet}) with a cache of at most this many bytes
     * @param progress           where the progress bar of the first pass over a lazy training part goes, or null
     * @param classes            the classes to segment by name where the layout has a label table (Cityscapes:
     *                           {@link CityscapesLabels}); empty for the layout's default
     */
    public record Request(Path root, DatasetLayout layout, String annotator, boolean rgb, SizePolicy size,
            DatasetSplits splits, double validationFraction, double testFraction, long seed, boolean allowEmpty,
            int threads, long cacheBytes, java.io.PrintStream progress, List<String> classes) {
        /** Copies the classes. */
        public Request {
            classes = List.copyOf(classes);
        }

        /** The layout's default classes. */
        public Request(Path root, DatasetLayout layout, String annotator, boolean rgb, SizePolicy size,
                DatasetSplits splits, double validationFraction, double testFraction, long seed, boolean allowEmpty,
                int threads, long cacheBytes, java.io.PrintStream progress) {
            this(root, layout, annotator, rgb, size, splits, validationFraction, testFraction, seed, allowEmpty,
                    threads, cacheBytes, progress, List.of());
        }

        /** Everything decoded into memory, no progress bar. */
        public Request(Path root, DatasetLayout layout, String annotator, boolean rgb, SizePolicy size,
                DatasetSplits splits, double validationFraction, double testFraction, long seed, boolean allowEmpty,
                int threads) {
            this(root, layout, annotator, rgb, size, splits, validationFraction, testFraction, seed, allowEmpty,
                    threads, 0, null);
        }
    }

    /**
     * A loaded dataset.
     *
     * @param train         the training part, normalised: a {@link LabelledSet}, or a {@link LazyLabelledSet} when
     *                      the request has a cache budget
     * @param validation    the validation part, normalised
     * @param test          the test part, normalised (may be empty)
     * @param splits        the sample names of each part
     * @param normalisation the statistics of the training part
     * @param card          what was loaded
     */
    public record Loaded(SegmentationDataset train, LabelledSet validation, LabelledSet test, DatasetSplits splits,
            Normalisation normalisation, DatasetCard card) {
        /** The number of image channels. */
        public int channels() {
            return normalisation.channels();
        }
    }

    /** One decoded sample before sizing. */
    record Decoded(SampleFiles files, float[] image, int channels, String colour, int height, int width,
            DecodedMask mask) {
        /** The same sample without its pixels (image and labels): what the {@link DatasetCard} needs. */
        Decoded summary() {
            DecodedMask labelFree = new DecodedMask(new int[0], height, width, mask.encoding(), mask.classes(),
                    mask.largest());
            return new Decoded(files, null, channels, colour, height, width, labelFree);
        }
    }

    /**
     * One sample brought to the sample size on its decoding thread.
     *
     * @param summary the decoded sample without its pixels
     * @param pieces  its samples ({@link SizePolicy#apply})
     */
    record Sized(Decoded summary, List<SizePolicy.Piece> pieces) {
    }

    /**
     * Loads {@code root} in its recognised layout as grey samples of {@code size}, split by the dataset's own parts
     * and else 70/15/15 by seed 7, decoded on every processor; notes go to standard error.
     */
    public static Loaded load(Path root, SizePolicy size) throws IOException {
        return load(new Request(root, null, "ah", false, size, null, 0.15, 0.15, 7, false,
                Runtime.getRuntime().availableProcessors()), System.err::println);
    }

    /** Loads {@code request}; notes and warnings go to {@code log}. */
    public static Loaded load(Request request, Consumer<String> log) throws IOException {
        LayoutScanner.Detection detection = request.layout() == null ? LayoutScanner.detect(request.root())
                : new LayoutScanner.Detection(request.layout(), "given by --layout");
        List<SampleFiles> samples = LayoutScanner.scan(detection.layout(), request.root(), request.annotator(),
                request.classes());
        Map<String, SampleFiles> byName = LayoutScanner.byName(samples);
        DatasetSplits splits;
        if (request.splits() != null) {
            splits = request.splits();
            splits.requireAll(byName.keySet(), request.root());
            int unused = samples.size() - splits.train().size() - splits.validation().size() - splits.test().size();
            if (unused > 0) {
                log.accept("note: " + unused + " samples of " + request.root() + " are in none of the given splits"
                        + " and are left out");
            }
        } else {
            splits = DatasetSplits.assign(samples, request.validationFraction(), request.testFraction(),
                    request.seed());
        }
        Set<String> used = new HashSet<>();
        used.addAll(splits.train());
        used.addAll(splits.validation());
        used.addAll(splits.test());
        boolean lazy = request.cacheBytes() > 0;
        if (lazy) {
            LazyLabelledSet.requireOneSamplePerImage(request.size());
        }
        List<SampleFiles> wanted = samples.stream().filter(s -> used.contains(s.name())
                && !(lazy && splits.train().contains(s.name()))).toList();
        List<Decoded> decoded = new ArrayList<>();
        Map<String, List<SizePolicy.Piece>> sizedByName = new TreeMap<>();
        for (Sized sized : decodeAll(wanted, request.rgb(), request.size(), request.threads())) {
            decoded.add(sized.summary());
            sizedByName.put(sized.summary().files().name(), sized.pieces());
        }
        int channels = request.rgb() ? 3 : 1;
        TileSampling sampling = TileSampling.of(detection.layout(), request.size(), request.seed());
        LabelledSet validation = assemble(splits.validation(), sizedByName, request.size(), channels, sampling);
        LabelledSet test = assemble(splits.test(), sizedByName, request.size(), channels, sampling);
        SegmentationDataset train;
        DatasetCard.PartSummary trainSummary;
        Normalisation normalisation;
        if (lazy) {
            List<SampleFiles> trainFiles = splits.train().stream().map(byName::get).toList();
            FirstPass pass = FirstPass.run(trainFiles, request);
            decoded.addAll(pass.summaries());
            normalisation = pass.normalisation();
            trainSummary = new DatasetCard.PartSummary(trainFiles.size(), pass.foreground());
            train = new LazyLabelledSet(trainFiles, request.rgb(), request.size(), normalisation, pass.cache(),
                    pass.pool());
            log.accept("training part decoded on demand: " + pass.cache());
        } else {
            LabelledSet inMemory = assemble(splits.train(), sizedByName, request.size(), channels, sampling);
            normalisation = Normalisation.of(inMemory.images());
            trainSummary = DatasetCard.PartSummary.of(inMemory);
            train = inMemory.withImages(normalisation.apply(inMemory.images()));
        }
        DatasetCard card = DatasetCard.of(request, detection, decoded, splits, trainSummary,
                DatasetCard.PartSummary.of(validation), DatasetCard.PartSummary.of(test), normalisation);
        Map<String, DatasetCard.PartSummary> parts = Map.of("train", trainSummary, "validation",
                DatasetCard.PartSummary.of(validation), "test", DatasetCard.PartSummary.of(test));
        for (Map.Entry<String, DatasetCard.PartSummary> part : parts.entrySet()) {
            if (part.getValue().samples() > 0 && part.getValue().foreground() == 0) {
                String message = "the " + part.getKey() + " part of " + request.root() + " (" + part.getValue()
                        .samples() + " samples) has no foreground pixel at all: every mask is empty as decoded ("
                        + card.encodings() + "). Check the mask files; if empty masks are right for this data, run"
                        + " with --empty-masks warn";
                if (!request.allowEmpty()) {
                    throw new IOException(message);
                }
                log.accept("WARNING: " + message);
            }
        }
        return new Loaded(train, validation.withImages(normalisation.apply(validation.images())),
                test.count() == 0 ? test : test.withImages(normalisation.apply(test.images())), splits,
                normalisation, card);
    }

    /**
     * Decodes {@code samples} and brings each to the sample size on {@code threads} threads, so that resizing runs in
     * parallel too and only one full-size image per thread is held at a time.
     */
    private static List<Sized> decodeAll(List<SampleFiles> samples, boolean rgb, SizePolicy size, int threads)
            throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "unet4j-decode");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Sized>> futures = new ArrayList<>();
            for (SampleFiles s : samples) {
                futures.add(pool.submit(() -> decodeSized(s, rgb, size)));
            }
            List<Sized> out = new ArrayList<>();
            for (Future<Sized> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException bad) {
                throw bad;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while decoding images", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Decodes one sample: its image and its masks, merged. */
    static Decoded decode(SampleFiles s, boolean rgb) throws IOException {
        BufferedImage image = ImageFiles.read(s.image());
        return new Decoded(s, ImageFiles.planes(image, rgb), rgb ? 3 : 1, colour(image), image.getHeight(),
                image.getWidth(), masks(s, image.getHeight(), image.getWidth()));
    }

    /**
     * Decodes one sample and brings it to the sample size ({@link SizePolicy#apply(BufferedImage, boolean, int[],
     * String)}: a resize never holds the full-size float image).
     */
    static Sized decodeSized(SampleFiles s, boolean rgb, SizePolicy size) throws IOException {
        BufferedImage image = ImageFiles.read(s.image());
        int h = image.getHeight();
        int w = image.getWidth();
        DecodedMask mask = masks(s, h, w);
        List<SizePolicy.Piece> pieces = size.apply(image, rgb, mask.labels(), s.image().toString());
        return new Sized(new Decoded(s, null, rgb ? 3 : 1, colour(image), h, w, mask).summary(), pieces);
    }

    private static String colour(BufferedImage image) {
        return image.getColorModel().getNumColorComponents() >= 3 ? "RGB" : "grey";
    }

    /** The masks of {@code s} ({@code h x w} like its image), decoded and merged, restricted to its field of view. */
    private static DecodedMask masks(SampleFiles s, int h, int w) throws IOException {
        DecodedMask mask = null;
        for (int i = 0; i < s.masks().size(); i++) {
            Path file = s.masks().get(i);
            DecodedMask one = s.classOf() != null ? labelIds(ImageFiles.read(file), s.classOf())
                    : MaskDecoder.decode(ImageFiles.read(file), file, s.instances() && s.masks().size() == 1);
            if (one.height() != h || one.width() != w) {
                throw new IOException("size mismatch: " + s.image() + " is " + w + "x" + h + " but its mask " + file
                        + " is " + one.width() + "x" + one.height());
            }
            mask = mask == null ? first(one, s) : merge(mask, one, i + 1, s, file);
        }
        if (s.fov() != null) {
            mask = restrictToFieldOfView(mask, s.fov());
        }
        return mask;
    }

    /**
     * The mask with {@link DecodedMask#OUTSIDE} at every pixel that is background in the field-of-view mask
     * {@code file} (any non-zero value is inside, whatever its encoding).
     */
    private static DecodedMask restrictToFieldOfView(DecodedMask mask, Path file) throws IOException {
        DecodedMask fov = MaskDecoder.decode(ImageFiles.read(file), file, false);
        if (fov.height() != mask.height() || fov.width() != mask.width()) {
            throw new IOException("size mismatch: the field-of-view mask " + file + " is " + fov.width() + "x"
                    + fov.height() + " but its sample is " + mask.width() + "x" + mask.height());
        }
        if (fov.foreground() == 0) {
            throw new IOException("the field-of-view mask " + file + " is empty: no pixel of its sample would be"
                    + " scored; check the file (inside must be non-zero)");
        }
        int[] labels = mask.labels().clone();
        for (int p = 0; p < labels.length; p++) {
            if (fov.labels()[p] <= 0) {
                labels[p] = DecodedMask.OUTSIDE;
            }
        }
        return new DecodedMask(labels, mask.height(), mask.width(), mask.encoding(), mask.classes(),
                mask.largest());
    }

    /** A grey mask of label ids, each mapped to its class by {@code classOf}. */
    private static DecodedMask labelIds(BufferedImage image, int[] classOf) {
        int h = image.getHeight();
        int w = image.getWidth();
        int[] labels = new int[h * w];
        Set<Integer> present = new HashSet<>();
        java.awt.image.Raster raster = image.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                labels[y * w + x] = classOf[raster.getSample(x, y, 0) & 0xff];
                if (labels[y * w + x] > 0) {
                    present.add(labels[y * w + x]);
                }
            }
        }
        return new DecodedMask(labels, h, w, MaskEncoding.LABEL_IDS, present.size());
    }

    private static DecodedMask first(DecodedMask one, SampleFiles s) {
        if (s.masks().size() > 1 && s.instances()) {
            int[] ids = new int[one.labels().length];
            for (int p = 0; p < ids.length; p++) {
                ids[p] = one.labels()[p] > 0 ? 1 : 0;
            }
            return new DecodedMask(ids, one.height(), one.width(), MaskEncoding.INSTANCES, 1);
        }
        return one;
    }

    /** Adds mask number {@code id}: a new object id for instance masks, the union otherwise. */
    private static DecodedMask merge(DecodedMask merged, DecodedMask next, int id, SampleFiles s, Path file)
            throws IOException {
        int[] labels = merged.labels().clone();
        for (int p = 0; p < labels.length; p++) {
            if (next.labels()[p] == 0) {
                continue;
            }
            if (s.instances()) {
                if (labels[p] != 0) {
                    throw new IOException("the object masks of " + s.name() + " overlap: " + file + " covers pixel ("
                            + p % merged.width() + ", " + p / merged.width() + ") of object " + labels[p]);
                }
                labels[p] = id;
            } else {
                labels[p] = Math.max(labels[p], next.labels()[p]);
            }
        }
        return new DecodedMask(labels, merged.height(), merged.width(), merged.encoding(),
                s.instances() ? id : Math.max(merged.classes(), next.classes()));
    }

    private static LabelledSet assemble(List<String> names, Map<String, List<SizePolicy.Piece>> sized,
            SizePolicy size, int channels, TileSampling sampling) {
        List<SizePolicy.Piece> pieces = new ArrayList<>();
        List<String> pieceNames = new ArrayList<>();
        for (String name : names) {
            List<SizePolicy.Piece> own = sized.get(name);
            for (SizePolicy.Piece p : own) {
                pieces.add(p);
                pieceNames.add(own.size() == 1 ? name : name + "@" + p.top() + "," + p.left());
            }
        }
        if (sampling != null) {
            List<Integer> kept = sampling.keep(pieces);
            pieces = kept.stream().map(pieces::get).toList();
            List<String> allNames = pieceNames;
            pieceNames = kept.stream().map(allNames::get).toList();
        }
        int s = size.size();
        int plane = s * s;
        int n = pieces.size();
        float[] images = new float[n * channels * plane];
        float[] masks = new float[n * plane];
        float[] labels = new float[n * plane];
        for (int i = 0; i < n; i++) {
            SizePolicy.Piece p = pieces.get(i);
            System.arraycopy(p.image(), 0, images, i * channels * plane, channels * plane);
            for (int q = 0; q < plane; q++) {
                labels[i * plane + q] = p.labels()[q];
                masks[i * plane + q] = p.labels()[q] > 0 ? 1 : 0;
            }
        }
        return new LabelledSet(Tensor.wrap(images, n, channels, s, s), Tensor.wrap(masks, n, 1, s, s),
                Tensor.wrap(labels, n, 1, s, s), pieceNames);
    }

    /** The decoded samples' encodings, counted: {@code binary 0/255 x 40, labels 0/1 x 2}. */
    static String encodings(List<Decoded> decoded) {
        return decoded.stream().collect(Collectors.groupingBy(d -> d.mask().encoding().label(), TreeMap::new,
                Collectors.counting())).entrySet().stream().map(e -> e.getKey() + " x " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
