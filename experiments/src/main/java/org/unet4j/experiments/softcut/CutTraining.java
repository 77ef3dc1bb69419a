package org.unet4j.experiments.softcut;

import java.util.List;
import java.util.function.Function;

import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.api.ExperimentContext;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.training.EpochRecord;
import org.unet4j.experiments.training.Evaluator;
import org.unet4j.experiments.training.LossFunction;
import org.unet4j.experiments.training.Trainer;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.optim.Optimizer;
import org.unet4j.layers.softcut.CutInputs;

/**
 * What the SoftCut experiments share to train one network of a table: the losses by name, the training of a network
 * on its device (the host for the host-only cuts), and the max-flow cut at inference.
 */
public final class CutTraining {
    /** Logits standing in for a hard mask, so hard and relaxed outputs go through the same scoring. */
    public static final double HARD_LOGIT = 10;

    private CutTraining() {
    }

    /**
     * How a network is trained.
     *
     * @param epochs    passes over the training images
     * @param batch     images per optimisation step
     * @param optimizer the optimiser of the network's parameters (made after the network is on its device)
     * @param loss      the training loss
     * @param evaluator the validation scores, or null for {@code SegmentationScores::of}
     * @param monitor   the validation score that picks the best epoch ({@code loss} or one of the evaluator's), or
     *                  null for the trainer's
     * @param higherIsBetter whether a higher monitored score is better
     */
    public record Settings(int epochs, int batch, Function<List<Parameter>, Optimizer> optimizer, LossFunction loss,
            Evaluator evaluator, String monitor, boolean higherIsBetter) {
    }

    /**
     * The binary losses on logits by name: {@code dice} (Dice of {@code sigmoid}), {@code focal-dice} (the thesis's
     * eq. 28, {@code t = 0.5, gamma = 2}), {@code revealed-bce} ({@link RevealedPixels#bceWithLogits}).
     */
    public static LossFunction loss(String name) {
        return switch (name) {
            case "dice" -> (logits, masks) -> Losses.dice(logits.sigmoid(), masks);
            case "focal-dice" -> (logits, masks) -> Losses.focalDice(logits.sigmoid(), masks);
            case "revealed-bce" -> RevealedPixels::bceWithLogits;
            default -> throw new IllegalArgumentException("unknown loss '" + name + "'; the losses are dice, "
                    + "focal-dice, revealed-bce");
        };
    }

    /**
     * Moves {@code net} to {@code device} (saying so in the log when that is not the run's device: its cut runs on
     * the host only), trains it on {@code train} with the best epoch on {@code validation} kept, writing to the run's
     * sub-directory {@code part}, and returns the training time in seconds.
     */
    public static double train(ExperimentContext context, String label, String part, Module net, Device device,
            Settings settings, SegmentationDataset train, SegmentationDataset validation) throws Exception {
        if (device != context.device()) {
            context.info(label + ": its cut runs on the host only, so this network trains on " + device);
        }
        net.to(device);
        Trainer.Builder builder = Trainer.builder(net, settings.optimizer().apply(net.parameters()))
                .epochs(settings.epochs())
                .batchSize(settings.batch())
                .loss(settings.loss());
        if (settings.evaluator() != null) {
            builder.evaluator(settings.evaluator());
        }
        if (settings.monitor() != null) {
            builder.monitor(settings.monitor(), settings.higherIsBetter());
        }
        return builder.build().fit(train, validation, context.trainingSession(part)).history().stream()
                .mapToDouble(EpochRecord::seconds).sum();
    }

    /**
     * Logits ({@code +-}{@value #HARD_LOGIT}) of the exact max-flow cut of the scores and edge weights that
     * {@code cutInputs} computes for {@code images} with {@code net} in evaluation mode, on the host.
     */
    public static Tensor maxFlowLogits(Module net, Function<Tensor, CutInputs> cutInputs, Tensor images) {
        boolean training = net.isTraining();
        net.eval();
        try (NoGrad scope = Autograd.noGrad()) {
            return cutInputs.apply(images.to(net.device())).hard().sub(0.5).mul(2 * HARD_LOGIT).to(Device.CPU);
        } finally {
            net.train(training);
        }
    }
}
