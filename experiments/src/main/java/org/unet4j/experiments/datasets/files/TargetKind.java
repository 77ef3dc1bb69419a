package org.unet4j.experiments.datasets.files;

import java.util.Arrays;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.TensorDataset;
import org.unet4j.experiments.metrics.ClassScores;
import org.unet4j.experiments.training.TargetLoss;
import org.unet4j.experiments.training.Trainer;

/**
 * What a loaded dataset's labels ask of training and evaluation, as the {@link DatasetCard} found it: the class
 * count K (2 for binary masks; K &gt; 2 for a multi-class label map, classes 0..K-1 with 0 the background), whether
 * the labels are object ids (instances: trained as foreground against background, used for object scores), and
 * whether pixels outside a field of view are to be left out of losses and scores.
 *
 * <p>{@link #targets} turns a part's labels into the tensor the training loss and the evaluator see, one value per
 * pixel (N x 1 x H x W): the class id for a multi-class map, {@code label > 0} otherwise, and {@link #OUTSIDE}
 * outside the field of view (the ignore value, as PyTorch's {@code ignore_index}).
 *
 * @param classes     K: 2 for binary targets (foreground against background), else the classes of the label map
 * @param instances   whether the labels are object ids
 * @param fieldOfView whether some pixels lie outside a field of view ({@link DecodedMask#OUTSIDE})
 */
public record TargetKind(int classes, boolean instances, boolean fieldOfView) {
    /** The target of a pixel outside the field of view. */
    public static final float OUTSIDE = DecodedMask.OUTSIDE;

    /** Checks the class count. */
    public TargetKind {
        if (classes < 2) {
            throw new IllegalArgumentException("a segmentation has at least 2 classes, got " + classes);
        }
        if (instances && classes > 2) {
            throw new IllegalArgumentException("instance labels train as binary targets, not " + classes
                    + " classes");
        }
    }

    /** Binary masks without field of view: the targets are the masks, as with generated data. */
    public static TargetKind binary() {
        return new TargetKind(2, false, false);
    }

    /**
     * {@code trainer} with the loss and the validation scores of these targets (give it the parts {@link #targets}
     * made): cross-entropy on K channels and {@link ClassScores} for a multi-class label map, {@link TargetLoss} for
     * a field of view ({@code restricted}: outside pixels in no loss; the scores always leave them out); binary
     * targets without field of view keep the trainer's defaults.
     */
    public Trainer.Builder configure(Trainer.Builder trainer, boolean restricted) {
        if (multiClass() || fieldOfView) {
            trainer.loss(new TargetLoss(classes, restricted));
        }
        if (multiClass()) {
            trainer.evaluator(ClassScores::of);
        }
        return trainer;
    }

    /** Whether the targets are class ids of more than two classes (a K-channel head, cross-entropy). */
    public boolean multiClass() {
        return classes > 2;
    }

    /** The output channels of a network for these targets: one logit for binary ones, else K. */
    public int outChannels() {
        return multiClass() ? classes : 1;
    }

    /** The target of {@code label}. */
    public float target(int label) {
        if (label < 0) {
            return OUTSIDE;
        }
        if (multiClass()) {
            return label;
        }
        return label > 0 ? 1 : 0;
    }

    /**
     * The part with its masks replaced by {@link #target}s of its labels; binary targets without field of view
     * leave the part as it is (its masks are already those targets).
     */
    public SegmentationDataset targets(SegmentationDataset part) {
        if (!multiClass() && !fieldOfView) {
            return part;
        }
        if (part instanceof LabelledSet labelled) {
            return new TensorDataset(labelled.images(), targets(labelled.labels()));
        }
        if (part instanceof LazyLabelledSet lazy) {
            return lazy.withTargets(this);
        }
        throw new IllegalArgumentException("a " + part.getClass().getSimpleName() + " keeps no labels; multi-class"
                + " and field-of-view targets need the labels of a dataset read from files");
    }

    /** {@link #target} of every element of {@code labels}. */
    public Tensor targets(Tensor labels) {
        float[] values = labels.toFloatArray();
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = target(Math.round(values[i]));
        }
        return Tensor.wrap(out, labels.dims());
    }

    /** The words the dataset card and the results use. */
    public String describe() {
        String kind = multiClass() ? "multi-class: " + classes + " classes (0 the background), a " + classes
                + "-channel head trained with cross-entropy, per-class Dice and IoU"
                : instances ? "binary targets (label > 0), instance ids kept for object scores"
                : "binary";
        return fieldOfView ? kind + ", inside the field of view only" : kind;
    }

    @Override
    public String toString() {
        return "TargetKind[" + describe() + "]";
    }

    /** The class count of label maps whose largest labels are {@code largest}: 2 when none exceeds 1. */
    static int classCount(int[] largest) {
        return Math.max(2, Arrays.stream(largest).max().orElse(0) + 1);
    }
}
