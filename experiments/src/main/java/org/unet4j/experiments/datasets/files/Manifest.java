package org.unet4j.experiments.datasets.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A CSV manifest, one sample per line: {@code image,mask[,split]}, paths relative to the manifest's folder, split
 * one of {@code train}, {@code validation} ({@code val}) or {@code test}; a first line starting {@code image} is a
 * header. Several masks of one sample are joined by {@code ;} and merged.
 */
final class Manifest {
    private Manifest() {
    }

    static List<SampleFiles> read(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new IOException("no manifest " + csv + ": the manifest layout needs a CSV file image,mask[,split]");
        }
        Path base = csv.toAbsolutePath().getParent();
        List<String> lines = Files.readAllLines(csv);
        List<SampleFiles> out = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (i == 0 && line.toLowerCase(Locale.ROOT).startsWith("image"))) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length < 2 || cells.length > 3) {
                throw new IOException(csv + " line " + (i + 1) + ": expected image,mask[,split], got '" + line + "'");
            }
            Path image = base.resolve(cells[0].strip());
            List<Path> masks = new ArrayList<>();
            for (String mask : cells[1].split(";")) {
                masks.add(base.resolve(mask.strip()));
            }
            for (Path f : concat(image, masks)) {
                if (!Files.isRegularFile(f)) {
                    throw new IOException(csv + " line " + (i + 1) + ": no such file " + f);
                }
            }
            String split = cells.length == 3 ? split(cells[2].strip(), csv, i + 1) : null;
            String name = cells[0].strip();
            if (!names.add(name)) {
                throw new IOException(csv + " line " + (i + 1) + ": the image " + name + " is listed twice");
            }
            out.add(new SampleFiles(name, image, masks, false, split));
        }
        return out;
    }

    private static List<Path> concat(Path image, List<Path> masks) {
        List<Path> all = new ArrayList<>(masks);
        all.add(image);
        return all;
    }

    private static String split(String text, Path csv, int line) throws IOException {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "" -> null;
            case "train", "training" -> "train";
            case "val", "validation" -> "validation";
            case "test" -> "test";
            default -> throw new IOException(csv + " line " + line + ": unknown split '" + text
                    + "' (train, validation or test)");
        };
    }
}
