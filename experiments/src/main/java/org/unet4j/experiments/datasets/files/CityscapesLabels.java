package org.unet4j.experiments.datasets.files;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cityscapes' label table (Cordts et al. 2016; the {@code labels.py} of cityscapesScripts): the {@code labelIds} a
 * {@code *_gtFine_labelIds.png} holds, 0..33, and their names. A selection of classes by name maps every id to 0
 * (background) or to the selected class's place 1..K in the selection, so that one class is a binary mask and
 * several are class indices with a background.
 */
public final class CityscapesLabels {
    /** The class names by id, 0..33. */
    public static final List<String> NAMES = List.of("unlabeled", "ego vehicle", "rectification border",
            "out of roi", "static", "dynamic", "ground", "road", "sidewalk", "parking", "rail track", "building",
            "wall", "fence", "guard rail", "bridge", "tunnel", "pole", "polegroup", "traffic light", "traffic sign",
            "vegetation", "terrain", "sky", "person", "rider", "car", "truck", "bus", "caravan", "trailer", "train",
            "motorcycle", "bicycle");

    /** The thesis's binary selection (Experiments 2-4, 7-9). */
    public static final List<String> TRAFFIC_SIGNS = List.of("traffic sign");

    private CityscapesLabels() {
    }

    /** The id of the class named {@code name} (case-insensitive); fails listing the names. */
    public static int id(String name) {
        int id = NAMES.indexOf(name.trim().toLowerCase(Locale.ROOT));
        if (id < 0) {
            throw new IllegalArgumentException("Cityscapes has no class '" + name + "'; its classes are "
                    + String.join(", ", NAMES));
        }
        return id;
    }

    /**
     * The map from label id (0..255, the values a PNG can hold) to the selection's class: {@code k + 1} for the
     * {@code k}-th selected name, 0 for every other id. A name given twice is an error.
     */
    public static int[] selection(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("select at least one Cityscapes class, e.g. 'traffic sign,car'");
        }
        int[] classOf = new int[256];
        List<Integer> seen = new ArrayList<>();
        for (String name : names) {
            int id = id(name);
            if (seen.contains(id)) {
                throw new IllegalArgumentException("the Cityscapes class '" + name + "' is selected twice");
            }
            seen.add(id);
            classOf[id] = seen.size();
        }
        return classOf;
    }

    /** The thesis's selections: binary (traffic signs), two classes (and cars), full resolution (and persons). */
    public static final List<String> THESIS_SELECTIONS = List.of("traffic sign", "traffic sign+car",
            "traffic sign+car+person");

    /** The {@code --cityscapes-classes} values: auto, the thesis's selections, then every single class. */
    public static List<String> choices() {
        List<String> out = new ArrayList<>(List.of("auto"));
        out.addAll(THESIS_SELECTIONS);
        NAMES.stream().filter(n -> !out.contains(n)).forEach(out::add);
        return List.copyOf(out);
    }

    /** Parses {@code "traffic sign+car"}: names joined by '+'. */
    public static List<String> parse(String names) {
        List<String> out = new ArrayList<>();
        for (String name : names.split("\\+")) {
            if (!name.isBlank()) {
                out.add(name.trim());
            }
        }
        return List.copyOf(out);
    }
}
