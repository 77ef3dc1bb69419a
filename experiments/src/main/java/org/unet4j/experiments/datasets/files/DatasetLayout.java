package org.unet4j.experiments.datasets.files;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The folder layouts of the public segmentation datasets, as they are distributed, and two generic ones. */
public enum DatasetLayout {
    /** Kvasir-SEG: {@code images/NAME.jpg} with {@code masks/NAME.jpg}. */
    KVASIR_SEG("kvasir-seg", "images/NAME.jpg + masks/NAME.jpg", "https://datasets.simula.no/kvasir-seg/"),
    /** ISIC 2018 Task 1: {@code ISIC_nnnnnnn.jpg} with {@code ISIC_nnnnnnn_segmentation.png}, own splits. */
    ISIC2018("isic2018", "*Input*/ISIC_nnnnnnn.jpg + *GroundTruth*/ISIC_nnnnnnn_segmentation.png",
            "https://challenge.isic-archive.com/data/#2018"),
    /** GlaS: {@code train_N.bmp} with the instance map {@code train_N_anno.bmp}; testA/testB splits. */
    GLAS("glas", "train_N.bmp + train_N_anno.bmp, testA_N, testB_N (instance ids)",
            "https://warwick.ac.uk/fac/cross_fac/tia/data/glascontest/"),
    /** DRIVE: {@code training|test/images/NN_*.tif} with {@code 1st_manual/NN_manual1.gif}. */
    DRIVE("drive", "training|test/images/NN_training.tif + 1st_manual/NN_manual1.gif (+ mask/ FOV)",
            "https://drive.grand-challenge.org/"),
    /** STARE: {@code imNNNN.ppm} with {@code imNNNN.ah.ppm} or {@code imNNNN.vk.ppm} (two annotators). */
    STARE("stare", "imNNNN.ppm + imNNNN.ah.ppm | imNNNN.vk.ppm", "https://cecas.clemson.edu/~ahoover/stare/"),
    /** DS Bowl 2018 stage 1: {@code ID/images/ID.png} with one {@code ID/masks/*.png} per nucleus. */
    DSB2018("dsb2018", "ID/images/ID.png + ID/masks/*.png (one per nucleus)",
            "https://www.kaggle.com/c/data-science-bowl-2018"),
    /** BUSI: {@code benign|malignant|normal/NAME.png} with {@code NAME_mask.png} (and {@code NAME_mask_1.png}). */
    BUSI("busi", "benign|malignant|normal/NAME.png + NAME_mask.png [+ NAME_mask_1.png]",
            "https://scholar.cu.edu.eg/?q=afahmy/pages/dataset"),
    /**
     * Weizmann Horse: {@code rgb/horseNNN.jpg} with the figure-ground mask {@code figure_ground/horseNNN.jpg} (or the
     * {@code horse/} and {@code mask/} folders of its re-distributions), split 180/50/98 as the SoftCut thesis does.
     */
    WEIZMANN_HORSE("weizmann-horse", "rgb/horseNNN.jpg + figure_ground/horseNNN.jpg (or horse/ + mask/)",
            "https://www.msri.org/people/members/eranb/"),
    /**
     * Cityscapes: {@code leftImg8bit/{train,val}/CITY/*_leftImg8bit.png} with
     * {@code gtFine/{train,val}/CITY/*_gtFine_labelIds.png}, classes selected by name ({@link CityscapesLabels}),
     * the official validation set as the test part.
     */
    CITYSCAPES("cityscapes", "leftImg8bit/{train,val}/CITY/*_leftImg8bit.png + gtFine/.../*_gtFine_labelIds.png",
            "https://www.cityscapes-dataset.com/"),
    /** Any {@code images/} and {@code masks/} folders with the same file stems. */
    FOLDERS("folders", "images/NAME.* + masks/NAME.* (or NAME_mask.*)", ""),
    /** A CSV file {@code image,mask[,split]}, paths relative to it. */
    MANIFEST("manifest", "manifest.csv: image,mask[,split]", ""),
    /** A Medical Segmentation Decathlon task: NIfTI volumes, read by {@code segmentation --dims 3} ({@link MsdTask}). */
    MSD("msd", "imagesTr/NAME.nii.gz + labelsTr/NAME.nii.gz, imagesTs/, dataset.json", "http://medicaldecathlon.com/");

    private final String id;
    private final String files;
    private final String source;

    DatasetLayout(String id, String files, String source) {
        this.id = id;
        this.files = files;
        this.source = source;
    }

    /** The name used by {@code --layout}. */
    public String id() {
        return id;
    }

    /** The file pattern, in words. */
    public String files() {
        return files;
    }

    /** Where the dataset is published ("" for the generic layouts). */
    public String source() {
        return source;
    }

    /** Every {@code --layout} value, {@code auto} first. */
    public static List<String> choices() {
        List<String> out = new java.util.ArrayList<>(List.of("auto"));
        Arrays.stream(values()).map(DatasetLayout::id).forEach(out::add);
        return List.copyOf(out);
    }

    /** The layout named {@code id}. */
    public static DatasetLayout of(String id) {
        for (DatasetLayout layout : values()) {
            if (layout.id.equals(id.toLowerCase(Locale.ROOT))) {
                return layout;
            }
        }
        throw new IllegalArgumentException("no layout '" + id + "'; the layouts are " + String.join(", ", choices()));
    }
}
