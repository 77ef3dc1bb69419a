package org.unet4j.experiments.datasets.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the samples of a dataset folder in one of the {@link DatasetLayout}s, and recognises the layout from the
 * file names ({@link #detect}). Two image files with one name in one folder (say {@code s0.png} beside
 * {@code s0.jpg}) are an error, never a silent choice; so is an image without its mask.
 */
public final class LayoutScanner {
    private static final int DEPTH = 4;
    private static final Pattern ISIC_IMAGE = Pattern.compile("(ISIC_\\d{7})\\.jpe?g");
    private static final Pattern ISIC_MASK = Pattern.compile("(ISIC_\\d{7})_segmentation\\.png");
    private static final Pattern GLAS_IMAGE = Pattern.compile("((?:train|testA|testB)_\\d+)\\.bmp");
    private static final Pattern GLAS_MASK = Pattern.compile("((?:train|testA|testB)_\\d+)_anno\\.bmp");
    private static final Pattern DRIVE_IMAGE = Pattern.compile("(\\d+)_(?:training|test)\\.tiff?");
    private static final Pattern DRIVE_MASK = Pattern.compile("(\\d+)_manual1\\.gif");
    private static final Pattern DRIVE_FOV = Pattern.compile("(\\d+)_(?:training|test)_mask\\.gif");
    private static final Pattern STARE_IMAGE = Pattern.compile("(im\\d{4})\\.ppm(?:\\.gz)?");
    private static final Pattern STARE_MASK = Pattern.compile("(im\\d{4})\\.(ah|vk)\\.ppm(?:\\.gz)?");
    private static final Pattern BUSI_MASK = Pattern.compile("(.+)_mask(?:_\\d+)?\\.png");
    private static final List<String> BUSI_CLASSES = List.of("benign", "malignant", "normal");
    private static final Pattern CITYSCAPES_IMAGE = Pattern.compile("(.+)_leftImg8bit\\.png");
    private static final List<List<String>> WEIZMANN_FOLDERS = List.of(List.of("rgb", "figure_ground"),
            List.of("horse", "mask"));
    /** The Weizmann Horse split of the SoftCut thesis: 180 training, 50 validation and 98 test images of 328. */
    private static final int[] WEIZMANN_SPLIT = {180, 50, 98};
    /** The seed of the fixed permutation that draws the Weizmann Horse split (the same in every run). */
    private static final long WEIZMANN_SPLIT_SEED = 2022;

    private LayoutScanner() {
    }

    /**
     * The layout chosen by {@link #detect} and why.
     *
     * @param layout the layout
     * @param reason the file names that decided it
     */
    public record Detection(DatasetLayout layout, String reason) {
    }

    /** Recognises the layout of {@code root} from its file names; fails naming what it found. */
    public static Detection detect(Path root) throws IOException {
        if (Files.isRegularFile(root) && root.toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
            return new Detection(DatasetLayout.MANIFEST, "a CSV file was given");
        }
        requireFolder(root);
        if (Files.isRegularFile(root.resolve("manifest.csv"))) {
            return new Detection(DatasetLayout.MANIFEST, "manifest.csv found");
        }
        if (MsdTask.isTask(root)) {
            return new Detection(DatasetLayout.MSD, MsdTask.DESCRIPTOR + " and imagesTr/ found");
        }
        if (Files.isDirectory(root.resolve("leftImg8bit")) && Files.isDirectory(root.resolve("gtFine"))) {
            return new Detection(DatasetLayout.CITYSCAPES, "leftImg8bit/ and gtFine/ found");
        }
        if (weizmannFolders(root) != null) {
            return new Detection(DatasetLayout.WEIZMANN_HORSE, "rgb/ and figure_ground/ (or horse/ and mask/) of "
                    + "horseNNN images found");
        }
        List<Path> files = walk(root);
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (ISIC_MASK.matcher(name).matches()) {
                return new Detection(DatasetLayout.ISIC2018, "ISIC_nnnnnnn_segmentation.png files found");
            }
            if (STARE_MASK.matcher(name).matches()) {
                return new Detection(DatasetLayout.STARE, "imNNNN.ah/vk.ppm files found");
            }
            if (GLAS_MASK.matcher(name).matches()) {
                return new Detection(DatasetLayout.GLAS, "*_anno.bmp files found");
            }
            if (DRIVE_MASK.matcher(name).matches()) {
                return new Detection(DatasetLayout.DRIVE, "NN_manual1.gif files found");
            }
        }
        if (BUSI_CLASSES.stream().anyMatch(c -> Files.isDirectory(root.resolve(c)))) {
            return new Detection(DatasetLayout.BUSI, "benign/malignant/normal folders found");
        }
        if (Files.isDirectory(root.resolve("images")) && Files.isDirectory(root.resolve("masks"))) {
            boolean allJpeg = Stream.of("images", "masks").allMatch(d -> imagesIn(root.resolve(d)).stream()
                    .allMatch(ImageFiles::isLossy));
            return allJpeg ? new Detection(DatasetLayout.KVASIR_SEG, "images/ and masks/ of JPEG files found")
                    : new Detection(DatasetLayout.FOLDERS, "images/ and masks/ folders found");
        }
        try (Stream<Path> children = Files.list(root)) {
            if (children.anyMatch(d -> Files.isDirectory(d.resolve("images"))
                    && Files.isDirectory(d.resolve("masks")))) {
                return new Detection(DatasetLayout.DSB2018, "sample folders with images/ and masks/ found");
            }
        }
        throw new IOException("cannot tell the layout of " + root + " from its file names (" + files.size()
                + " files); give --layout, one of " + String.join(", ", DatasetLayout.choices().subList(1,
                DatasetLayout.choices().size())) + " (see the README's section 'Your own data')");
    }

    /** The samples of {@code root} in {@code layout}; {@code annotator} picks STARE's labels (ah or vk). */
    public static List<SampleFiles> scan(DatasetLayout layout, Path root, String annotator) throws IOException {
        return scan(layout, root, annotator, List.of());
    }

    /**
     * The samples of {@code root} in {@code layout}; {@code annotator} picks STARE's labels (ah or vk), {@code classes}
     * Cityscapes' classes by name (empty: traffic signs, the thesis's binary selection).
     */
    public static List<SampleFiles> scan(DatasetLayout layout, Path root, String annotator, List<String> classes)
            throws IOException {
        List<SampleFiles> samples = switch (layout) {
            case WEIZMANN_HORSE -> weizmann(root);
            case CITYSCAPES -> cityscapes(root, CityscapesLabels.selection(classes.isEmpty()
                    ? CityscapesLabels.TRAFFIC_SIGNS : classes));
            case KVASIR_SEG, FOLDERS -> folders(root);
            case ISIC2018 -> isic(root);
            case GLAS -> glas(root);
            case DRIVE -> drive(root);
            case STARE -> stare(root, annotator);
            case DSB2018 -> dsb(root);
            case BUSI -> busi(root);
            case MANIFEST -> Manifest.read(Files.isDirectory(root) ? root.resolve("manifest.csv") : root);
            case MSD -> throw new IOException(root + " holds NIfTI volumes (layout msd); train on them in 3-D: "
                    + "segmentation --dims 3 --data " + root);
        };
        if (samples.isEmpty()) {
            throw new IOException("no samples found in " + root + " for the layout " + layout.id() + " ("
                    + layout.files() + ")");
        }
        return samples;
    }

    private static List<SampleFiles> folders(Path root) throws IOException {
        Map<String, Path> images = byStem(root.resolve("images"));
        Map<String, Path> masks = byStem(root.resolve("masks"));
        List<SampleFiles> out = new ArrayList<>();
        for (Map.Entry<String, Path> e : images.entrySet()) {
            String stem = e.getKey();
            Path mask = Stream.of(stem, stem + "_mask", stem + "_segmentation").map(masks::get)
                    .filter(java.util.Objects::nonNull).findFirst().orElseThrow(() -> new IOException("no mask for "
                            + e.getValue() + ": expected " + root.resolve("masks").resolve(stem) + ".<"
                            + String.join("|", ImageFiles.EXTENSIONS) + ">"));
            out.add(new SampleFiles(stem, e.getValue(), List.of(mask), false, null));
        }
        return out;
    }

    /** The folder holding Weizmann's image and mask folders ({@code root} or one of its children), or null. */
    private static Path weizmannFolders(Path root) throws IOException {
        List<Path> candidates = new ArrayList<>(List.of(root));
        try (Stream<Path> children = Files.list(root)) {
            children.filter(Files::isDirectory).sorted().forEach(candidates::add);
        }
        for (Path folder : candidates) {
            for (List<String> pair : WEIZMANN_FOLDERS) {
                if (Files.isDirectory(folder.resolve(pair.get(0))) && Files.isDirectory(folder.resolve(pair.get(1)))
                        && imagesIn(folder.resolve(pair.get(0))).stream()
                                .anyMatch(f -> f.getFileName().toString().startsWith("horse"))) {
                    return folder;
                }
            }
        }
        return null;
    }

    /**
     * Weizmann Horse's images with their figure-ground masks, split as the SoftCut thesis does: 180 training, 50
     * validation, 98 test of the 328 images (for another count, the same proportions, each part at least one
     * image), drawn by a fixed permutation of the sorted names, so every run has the same split.
     */
    private static List<SampleFiles> weizmann(Path root) throws IOException {
        Path folder = weizmannFolders(root);
        if (folder == null) {
            throw new IOException(root + " is not Weizmann Horse: expected rgb/ and figure_ground/ (or horse/ and"
                    + " mask/) with horseNNN images, in it or in one of its folders");
        }
        List<String> pair = WEIZMANN_FOLDERS.stream().filter(p -> Files.isDirectory(folder.resolve(p.get(0)))
                && Files.isDirectory(folder.resolve(p.get(1)))).findFirst().orElseThrow();
        Map<String, Path> images = byStem(folder.resolve(pair.get(0)));
        Map<String, Path> masks = byStem(folder.resolve(pair.get(1)));
        List<String> names = new ArrayList<>(images.keySet());
        for (String name : names) {
            if (!masks.containsKey(name)) {
                throw new IOException("no figure-ground mask for " + images.get(name) + ": expected "
                        + folder.resolve(pair.get(1)).resolve(name) + ".<jpg|png>");
            }
        }
        int n = names.size();
        if (n < 3) {
            throw new IOException(root + " has " + n + " Weizmann Horse images, too few for a training, a "
                    + "validation and a test part");
        }
        int total = WEIZMANN_SPLIT[0] + WEIZMANN_SPLIT[1] + WEIZMANN_SPLIT[2];
        int train = Math.max(1, (int) Math.round((double) WEIZMANN_SPLIT[0] * n / total));
        int validation = Math.max(1, Math.min(n - train - 1, (int) Math.round((double) WEIZMANN_SPLIT[1] * n
                / total)));
        java.util.SplittableRandom rng = new java.util.SplittableRandom(WEIZMANN_SPLIT_SEED);
        for (int i = n - 1; i > 0; i--) {
            java.util.Collections.swap(names, i, rng.nextInt(i + 1));
        }
        List<SampleFiles> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = names.get(i);
            String split = i < train ? "train" : i < train + validation ? "validation" : "test";
            out.add(new SampleFiles(name, images.get(name), List.of(masks.get(name)), false, split));
        }
        out.sort(Comparator.comparing(SampleFiles::name));
        return out;
    }

    /**
     * Cityscapes' finely annotated images of the official {@code train} and {@code val} sets: a sample per
     * {@code leftImg8bit/SET/CITY/X_leftImg8bit.png} with its {@code gtFine/SET/CITY/X_gtFine_labelIds.png}, the
     * label ids mapped by {@code classOf}; the training set is the training part (a validation part is drawn from it)
     * and the official validation set the test part, as the SoftCut thesis does (the official test set has no
     * public labels and is skipped).
     */
    private static List<SampleFiles> cityscapes(Path root, int[] classOf) throws IOException {
        List<SampleFiles> out = new ArrayList<>();
        for (String set : List.of("train", "val")) {
            Path images = root.resolve("leftImg8bit").resolve(set);
            if (!Files.isDirectory(images)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(images, 2)) {
                files = walk.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path image : files) {
                Matcher m = CITYSCAPES_IMAGE.matcher(image.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                String city = image.getParent().getFileName().toString();
                Path mask = root.resolve("gtFine").resolve(set).resolve(city).resolve(m.group(1)
                        + "_gtFine_labelIds.png");
                if (!Files.isRegularFile(mask)) {
                    throw new IOException("no label ids for " + image + ": expected " + mask);
                }
                out.add(new SampleFiles(m.group(1), image, List.of(mask), false, set.equals("train") ? "train" : "test",
                        classOf));
            }
        }
        return out;
    }

    private static List<SampleFiles> isic(Path root) throws IOException {
        Map<String, Path> images = matching(root, ISIC_IMAGE);
        Map<String, Path> masks = matching(root, ISIC_MASK);
        List<SampleFiles> out = new ArrayList<>();
        for (Map.Entry<String, Path> e : images.entrySet()) {
            Path mask = masks.get(e.getKey());
            if (mask == null) {
                throw new IOException("no mask for " + e.getValue() + ": expected " + e.getKey()
                        + "_segmentation.png in a *GroundTruth folder under " + root);
            }
            out.add(new SampleFiles(e.getKey(), e.getValue(), List.of(mask), false,
                    splitOfFolder(e.getValue().getParent().getFileName().toString())));
        }
        return out;
    }

    private static String splitOfFolder(String folder) {
        String f = folder.toLowerCase(Locale.ROOT);
        if (f.contains("valid")) {
            return "validation";
        }
        if (f.contains("test")) {
            return "test";
        }
        return f.contains("train") ? "train" : null;
    }

    private static List<SampleFiles> glas(Path root) throws IOException {
        Map<String, Path> images = matching(root, GLAS_IMAGE);
        Map<String, Path> masks = matching(root, GLAS_MASK);
        List<SampleFiles> out = new ArrayList<>();
        for (Map.Entry<String, Path> e : images.entrySet()) {
            Path mask = masks.get(e.getKey());
            if (mask == null) {
                throw new IOException("no annotation for " + e.getValue() + ": expected " + e.getKey() + "_anno.bmp");
            }
            out.add(new SampleFiles(e.getKey(), e.getValue(), List.of(mask), true,
                    e.getKey().startsWith("train") ? "train" : "test"));
        }
        return out;
    }

    private static List<SampleFiles> drive(Path root) throws IOException {
        List<SampleFiles> out = new ArrayList<>();
        for (String part : List.of("training", "test")) {
            Path images = root.resolve(part).resolve("images");
            Path manual = root.resolve(part).resolve("1st_manual");
            if (!Files.isDirectory(images)) {
                continue;
            }
            if (!Files.isDirectory(manual)) {
                throw new IOException(images + " has no manual segmentations beside it: expected " + manual);
            }
            Map<String, Path> masks = matching(manual, DRIVE_MASK);
            Path fovFolder = root.resolve(part).resolve("mask");
            Map<String, Path> fovs = Files.isDirectory(fovFolder) ? matching(fovFolder, DRIVE_FOV) : Map.of();
            for (Map.Entry<String, Path> e : matching(images, DRIVE_IMAGE).entrySet()) {
                Path mask = masks.get(e.getKey());
                if (mask == null) {
                    throw new IOException("no manual segmentation for " + e.getValue() + ": expected "
                            + manual.resolve(e.getKey() + "_manual1.gif"));
                }
                Path fov = fovs.get(e.getKey());
                if (fov == null && !fovs.isEmpty()) {
                    throw new IOException("no field-of-view mask for " + e.getValue() + ": expected "
                            + fovFolder.resolve(e.getKey() + "_" + part + "_mask.gif"));
                }
                out.add(new SampleFiles(part + "/" + e.getKey(), e.getValue(), List.of(mask), false,
                        part.equals("training") ? "train" : "test", fov));
            }
        }
        return out;
    }

    private static List<SampleFiles> stare(Path root, String annotator) throws IOException {
        Map<String, Path> images = matching(root, STARE_IMAGE);
        Map<String, Path> masks = new TreeMap<>();
        for (Path f : walk(root)) {
            Matcher m = STARE_MASK.matcher(f.getFileName().toString());
            if (m.matches() && m.group(2).equals(annotator)) {
                putUnique(masks, m.group(1), f);
            }
        }
        List<SampleFiles> out = new ArrayList<>();
        for (Map.Entry<String, Path> e : images.entrySet()) {
            Path mask = masks.get(e.getKey());
            if (mask != null) {
                out.add(new SampleFiles(e.getKey(), e.getValue(), List.of(mask), false, null));
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no STARE image of " + root + " has a label file of annotator '" + annotator
                    + "' (imNNNN." + annotator + ".ppm); choose the other with --annotator");
        }
        return out;
    }

    private static List<SampleFiles> dsb(Path root) throws IOException {
        List<SampleFiles> out = new ArrayList<>();
        List<Path> folders;
        try (Stream<Path> children = Files.list(root)) {
            folders = children.filter(d -> Files.isDirectory(d.resolve("images"))).sorted().toList();
        }
        for (Path folder : folders) {
            List<Path> images = imagesIn(folder.resolve("images"));
            if (images.size() != 1) {
                throw new IOException(folder.resolve("images") + " holds " + images.size() + " images; a DS Bowl"
                        + " sample folder has exactly one");
            }
            List<Path> masks = imagesIn(folder.resolve("masks"));
            if (masks.isEmpty()) {
                throw new IOException(folder + " has no masks/ with one PNG per nucleus (stage-1 test folders have"
                        + " none: point --data at stage1_train)");
            }
            out.add(new SampleFiles(folder.getFileName().toString(), images.get(0), masks, true, null));
        }
        return out;
    }

    private static List<SampleFiles> busi(Path root) throws IOException {
        List<SampleFiles> out = new ArrayList<>();
        for (String kind : BUSI_CLASSES) {
            Path folder = root.resolve(kind);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            Map<String, List<Path>> masks = new TreeMap<>();
            List<Path> images = new ArrayList<>();
            for (Path f : imagesIn(folder)) {
                Matcher m = BUSI_MASK.matcher(f.getFileName().toString());
                if (m.matches()) {
                    masks.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(f);
                } else {
                    images.add(f);
                }
            }
            for (Path image : images) {
                String stem = ImageFiles.stem(image);
                List<Path> own = masks.get(stem);
                if (own == null) {
                    throw new IOException("no mask for " + image + ": expected " + folder.resolve(stem + "_mask.png"));
                }
                out.add(new SampleFiles(kind + "/" + stem, image, own, false, null));
            }
        }
        return out;
    }

    /** The image files of {@code folder} by stem, sorted; two files with one stem are an error. */
    public static Map<String, Path> byStem(Path folder) throws IOException {
        requireFolder(folder);
        Map<String, Path> out = new TreeMap<>();
        for (Path f : imagesIn(folder)) {
            putUnique(out, ImageFiles.stem(f), f);
        }
        return out;
    }

    private static Map<String, Path> matching(Path root, Pattern pattern) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        for (Path f : walk(root)) {
            Matcher m = pattern.matcher(f.getFileName().toString());
            if (m.matches()) {
                putUnique(out, m.group(1), f);
            }
        }
        return out;
    }

    private static void putUnique(Map<String, Path> map, String key, Path file) throws IOException {
        Path earlier = map.putIfAbsent(key, file);
        if (earlier != null) {
            throw new IOException("ambiguous sample '" + key + "': both " + earlier + " and " + file + " claim it;"
                    + " remove or rename one of them");
        }
    }

    private static List<Path> imagesIn(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).filter(ImageFiles::isImage).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static List<Path> walk(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root, DEPTH)) {
            return files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList();
        }
    }

    private static void requireFolder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("no such folder: " + folder);
        }
    }

    /** The samples by name; two samples of one name are an error. */
    static Map<String, SampleFiles> byName(List<SampleFiles> samples) throws IOException {
        Map<String, SampleFiles> out = new LinkedHashMap<>();
        for (SampleFiles s : samples) {
            if (out.put(s.name(), s) != null) {
                throw new IOException("two samples are named '" + s.name() + "'");
            }
        }
        return out;
    }
}
