package org.unet4j.experiments.builtin;

import java.util.List;

import org.unet4j.experiments.datasets.CellsDataset;
import org.unet4j.experiments.datasets.EdgeShapesDataset;
import org.unet4j.experiments.datasets.LesionDataset;
import org.unet4j.experiments.datasets.PeriodicDisksDataset;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.ShapesDataset;
import org.unet4j.experiments.datasets.VesselsDataset;
import org.unet4j.experiments.datasets.VesselsDataset.Spec;

/** The synthetic datasets built-in experiments choose from by name, in the settings the experiments use. */
public final class SyntheticData {
    /** The names {@link #generate} accepts. */
    public static final List<String> NAMES = List.of("cells", "vessels", "lesions", "shapes", "edges", "disks");

    private SyntheticData() {
    }

    /** {@code count} generated samples of the named kind, {@code size} pixels square, from {@code seed}. */
    public static SegmentationDataset generate(String name, int count, int size, long seed) {
        return switch (name) {
            case "cells" -> CellsDataset.generate(new CellsDataset.Spec(count, size, 6, 1.0, 0.05, seed));
            case "vessels" -> VesselsDataset.generate(new Spec(count, size, 3, 3, 0.05, seed));
            case "lesions" -> LesionDataset.generate(new LesionDataset.Spec(count, size, 0.15, 0.6, 0.05, seed));
            case "shapes" -> ShapesDataset.generate(new ShapesDataset.Spec(count, size, 3, 0.1, seed));
            case "edges" -> EdgeShapesDataset.generate(new EdgeShapesDataset.Spec(count, size, 3, 0.2, seed));
            case "disks" -> PeriodicDisksDataset.generate(new PeriodicDisksDataset.Spec(count, size, 16, 5, true,
                    0.1, seed));
            default -> throw new IllegalArgumentException("no synthetic dataset named '" + name + "'; the datasets"
                    + " are: " + String.join(", ", NAMES));
        };
    }
}
