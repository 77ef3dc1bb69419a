package org.unet4j.experiments.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.unet4j.autodiff.Autograd;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Losses;
import org.unet4j.autodiff.NoGrad;
import org.unet4j.autodiff.NumericalAnomalyException;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.training.RunPausedException;
import org.unet4j.experiments.datasets.Batch;
import org.unet4j.experiments.datasets.SegmentationDataset;
import org.unet4j.experiments.datasets.augment.Augmentation;
import org.unet4j.experiments.metrics.SegmentationScores;
import org.unet4j.experiments.output.OutputDirectory;
import org.unet4j.layers.Module;
import org.unet4j.layers.Parameter;
import org.unet4j.layers.io.Checkpoint;
import org.unet4j.layers.optim.GradientClipping;
import org.unet4j.layers.optim.LrSchedule;
import org.unet4j.layers.optim.Optimizer;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The training loop every experiment shares: epochs of shuffled mini-batches (optionally augmented), a learning-rate
 * schedule, gradient clipping, validation after each epoch, keeping the best model, early stopping, a progress bar
 * with ETA, one log line and one {@code metrics.csv} row per epoch, and periodic atomic checkpoints from which
 * {@link TrainingSession#resume() a resumed run} continues exactly as if it had never stopped (it first rewrites
 * {@code metrics.csv} from the committed history, so that a run stopped after its last checkpoint but before that
 * epoch's row reached the file does not end with the row missing).
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(net, new Adam(net.parameters(), 1e-3))
 *         .epochs(20).batchSize(8)
 *         .schedule(LrSchedule.exponential(1e-3, 0.999, ScheduleUnit.EPOCH))
 *         .clipGradientNorm(1.0).earlyStopping(5)
 *         .build();
 * TrainingResult result = trainer.fit(train, validation, session);
 * }</pre>
 *
 * <p>Determinism: epoch {@code e} shuffles and augments with a generator seeded by the session's seed and {@code e},
 * so the batches of an epoch do not depend on earlier epochs having run in the same process. With validation data,
 * the model holds the best epoch's weights when {@link #fit} returns (an epoch whose monitored score is not finite
 * is never the best).
 *
 * <p>Nothing silent: the first step whose loss or parameter gradient is NaN or infinite stops training with a
 * {@link TrainingDivergedException} (epoch, batch, first non-finite parameter gradient), written to the run log; the
 * last two epoch checkpoints are kept, and one that cannot be written (a full disk) leaves the previous one as the
 * point to resume from.
 *
 * <p>Devices, as in a PyTorch loop: the model may live on any device ({@link Module#device()}, e.g. built under
 * {@code Device.withDefault(opencl, ...)} or moved with {@code model.to(opencl)}), the datasets stay on the host, and
 * the trainer moves each (augmented) batch to the model's device before the forward pass. Validation reads the
 * predictions back to the host in one transfer ({@link #predict}) and scores them there. Checkpoints hold host copies
 * and load onto the tensors of the model and optimizer wherever they live, so a run resumes on any device.
 */
public final class Trainer {
    private static final String BEST_FILE = "best.ckpt";
    private static final long EPOCH_SEED_STRIDE = 0x9E3779B97F4A7C15L;

    private final Module model;
    private final Optimizer optimizer;
    private final LossFunction loss;
    private final LrSchedule schedule;
    private final Evaluator evaluator;
    private final Augmentation augmentation;
    private final int epochs;
    private final int batchSize;
    private final double clipNorm;
    private final int patience;
    private final String monitor;
    private final boolean higherIsBetter;
    private final int checkpointEvery;
    private final CheckpointWriter checkpointWriter;

    private Trainer(Builder b) {
        this.model = b.model;
        this.optimizer = b.optimizer;
        this.loss = b.loss;
        this.schedule = b.schedule != null ? b.schedule : LrSchedule.constant(b.optimizer.learningRate());
        this.evaluator = b.evaluator;
        this.augmentation = b.augmentation;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.clipNorm = b.clipNorm;
        this.patience = b.patience;
        this.monitor = b.monitor;
        this.higherIsBetter = b.higherIsBetter;
        this.checkpointEvery = b.checkpointEvery;
        this.checkpointWriter = b.checkpointWriter;
    }

    /** A builder for training {@code model} with {@code optimizer} (built on the model's parameters). */
    public static Builder builder(Module model, Optimizer optimizer) {
        return new Builder(model, optimizer);
    }

    /**
     * Trains on {@code train}, validating on {@code validation} (may be null: no validation, no best model, no early
     * stopping) and writing to {@code session}'s directory.
     *
     * @throws RunPausedException after {@link TrainingSession#pauseAfterEpoch()} epochs, once checkpointed
     */
    public TrainingResult fit(SegmentationDataset train, SegmentationDataset validation, TrainingSession session)
            throws IOException {
        Path checkpoints = session.checkpointDirectory();
        LoopState state = startingState(checkpoints, session);
        List<EpochRecord> history = new ArrayList<>(state.history());
        if (!history.isEmpty()) {           // resumed: the run may have stopped between a commit and its metrics row
            MetricsCsv.write(session.directory().resolve(MetricsCsv.FILE_NAME), history);
        }
        long steps = state.steps();
        double best = state.bestScore();
        int bestEpoch = state.bestEpoch();
        int sinceBest = state.epochsSinceBest();
        boolean stopped = state.stoppedEarly();
        for (int epoch = state.epochsDone() + 1; epoch <= epochs && !stopped; epoch++) {
            long start = System.nanoTime();
            SplittableRandom rng = epochRandom(session.seed(), epoch);
            List<Batch> batches = train.batches(batchSize, rng);
            SplittableRandom augmentRng = rng.split();
            double lossSum = 0;
            double lr = optimizer.learningRate();
            model.train();
            try (ProgressBar bar = progressBar(session, epoch, batches.size())) {
                for (int b = 0; b < batches.size(); b++) {
                    Batch batch = batches.get(b);
                    Batch input = augmentation == null ? batch : augmentation.apply(batch, augmentRng);
                    lr = schedule.apply(optimizer, steps, epoch - 1);
                    double value = step(input, new StepPosition(epoch, b + 1, batches.size(), state), session);
                    steps++;
                    lossSum += value;
                    bar.step();
                    bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", value));
                }
            }
            Map<String, Double> scores = validation == null ? Map.of() : validate(validation);
            EpochRecord record = new EpochRecord(epoch, lr, lossSum / batches.size(), scores,
                    (System.nanoTime() - start) / 1e9);
            history.add(record);
            boolean improved = false;
            if (validation != null) {
                double score = record.score(monitor);
                improved = Double.isFinite(score)
                        && (bestEpoch == 0 || (higherIsBetter ? score > best : score < best));
                if (improved) {
                    best = score;
                    bestEpoch = epoch;
                    sinceBest = 0;
                    writeCheckpoint(checkpoints.resolve(BEST_FILE), Checkpoint.of(model));
                } else {
                    sinceBest++;
                }
                stopped = patience > 0 && sinceBest >= patience && epoch < epochs;
            }
            boolean pause = epoch == session.pauseAfterEpoch() && epoch < epochs && !stopped;
            if (epoch % checkpointEvery == 0 || epoch == epochs || stopped || pause) {
                state = commit(checkpoints, state, new LoopState(epoch, steps, best, bestEpoch, sinceBest, stopped,
                        checkpointName(epoch), history));
            }
            MetricsCsv.write(session.directory().resolve(MetricsCsv.FILE_NAME), history);
            session.log().info(epochLine(record, improved));
            if (stopped) {
                session.log().info("early stopping: no improvement of val " + monitor + " for " + patience
                        + " epochs; the best was epoch " + bestEpoch);
            }
            if (pause) {
                throw new RunPausedException(epoch);
            }
        }
        if (bestEpoch > 0) {
            Checkpoint.load(checkpoints.resolve(BEST_FILE), model);
        }
        model.eval();
        return new TrainingResult(history, bestEpoch, best, stopped, steps);
    }

    /** Where a step is: its epoch, its batch of how many (1-based), and the last committed loop state. */
    private record StepPosition(int epoch, int batch, int batches, LoopState saved) {
    }

    /**
     * One optimisation step on {@code batch}, moved to the model's device; returns the loss. The loss and a
     * finiteness flag of every gradient (the sum of {@code 0 * g}, which is 0 exactly when all of g is finite)
     * come back in one transfer; a non-finite one stops training with a {@link TrainingDivergedException} before
     * the optimizer changes anything, as does an anomaly that anomaly mode reports.
     */
    private double step(Batch batch, StepPosition at, TrainingSession session) {
        Device device = model.device();
        Tensor value;
        try {
            value = loss.apply(model.forward(batch.images().to(device)), batch.masks().to(device));
            optimizer.zeroGrad();
            value.backward();
        } catch (NumericalAnomalyException e) {
            throw diverged(e.getMessage(), null, at, session, e);
        }
        double[] lossAndFlag = lossAndGradientFlag(value);
        if (!Double.isFinite(lossAndFlag[0]) || !Double.isFinite(lossAndFlag[1])) {
            NonFiniteGradient first = firstNonFiniteGradient();
            throw diverged("the loss is " + lossAndFlag[0] + (first == null ? " (every parameter gradient is finite)"
                    : " and the first non-finite parameter gradient is " + first), first, at, session, null);
        }
        if (clipNorm > 0) {
            double norm = GradientClipping.clipByNorm(optimizer.parameters(), clipNorm);
            if (!Double.isFinite(norm)) {
                throw diverged("the global gradient norm overflows to " + norm, null, at, session, null);
            }
        }
        optimizer.step();
        return lossAndFlag[0];
    }

    /** The loss and the sum over parameters of sum(0 * grad), read back together. */
    private double[] lossAndGradientFlag(Tensor value) {
        try (NoGrad scope = Autograd.noGrad()) {
            List<Tensor> parts = new ArrayList<>();
            parts.add(value.detach().reshape(1));
            if (!Autograd.detectsAnomalies()) {
                for (Parameter p : optimizer.parameters()) {
                    if (p.grad() != null) {
                        parts.add(p.grad().mul(0).sum().reshape(1).to(value.dtype()));
                    }
                }
            }
            double[] read = Tensor.concat(parts, 0).to(Device.CPU).toDoubleArray();
            double flag = 0;
            for (int i = 1; i < read.length; i++) {
                flag += read[i];
            }
            return new double[] {read[0], flag};
        }
    }

    /** A parameter gradient with a non-finite value: the parameter's name, the first such value, how many. */
    private record NonFiniteGradient(String parameter, double value, int count, int size) {
        @Override
        public String toString() {
            return "'" + parameter + "' (" + value + "; " + count + " of " + size + " values non-finite)";
        }
    }

    /** The first parameter, in the model's order, whose gradient holds NaN or infinity; null if there is none. */
    private NonFiniteGradient firstNonFiniteGradient() {
        for (Map.Entry<String, Parameter> entry : model.namedParameters().entrySet()) {
            Tensor grad = entry.getValue().grad();
            if (grad == null) {
                continue;
            }
            double[] values = grad.toDoubleArray();
            double first = 0;
            int count = 0;
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    first = count == 0 ? v : first;
                    count++;
                }
            }
            if (count > 0) {
                return new NonFiniteGradient(entry.getKey(), first, count, values.length);
            }
        }
        return null;
    }

    /** The exception that stops training at {@code at}, also written to the run log. */
    private TrainingDivergedException diverged(String what, NonFiniteGradient gradient, StepPosition at,
            TrainingSession session, NumericalAnomalyException anomaly) {
        LoopState saved = at.saved();
        String kept = saved.checkpoint().isEmpty() ? "no checkpoint had been written yet"
                : "the last good checkpoint, after epoch " + saved.epochsDone() + ", is kept in "
                        + session.checkpointDirectory().resolve(saved.checkpoint());
        String message = String.format(Locale.ROOT, "training stopped at epoch %d, batch %d of %d: %s. The step was"
                + " not applied; %s. Lower the learning rate or clip the gradient norm%s.", at.epoch(), at.batch(),
                at.batches(), what, kept, anomaly != null ? ""
                        : ", or turn on anomaly detection (--detect-anomalies, Autograd.detectAnomalies(true)) to name"
                                + " the op that produced the first non-finite value");
        TrainingDivergedException error = new TrainingDivergedException(message, at.epoch(), at.batch(),
                gradient == null ? null : gradient.parameter(), anomaly);
        try {
            session.log().fileOnly(message);
        } catch (UncheckedIOException e) {
            error.addSuppressed(e);
        }
        return error;
    }

    /** The validation loss ({@code loss}) and the evaluator's scores on {@code data}, in evaluation mode. */
    private Map<String, Double> validate(SegmentationDataset data) {
        Tensor logits = predict(model, data.images(), batchSize);
        Map<String, Double> scores = new LinkedHashMap<>();
        try (NoGrad scope = Autograd.noGrad()) {
            scores.put("loss", loss.apply(logits, data.masks()).item());
        }
        scores.putAll(evaluator.evaluate(logits, data.masks()));
        if (!scores.containsKey(monitor)) {
            throw new IllegalStateException("the monitored score '" + monitor + "' is not among the validation scores "
                    + scores.keySet() + "; choose one of them with monitor(...)");
        }
        return scores;
    }

    /**
     * The model's outputs for {@code images}, on the host: computed on the model's device in batches of
     * {@code batchSize} (each moved there) without taping, in evaluation mode, and read back in one transfer.
     */
    public static Tensor predict(Module model, Tensor images, int batchSize) {
        boolean training = model.isTraining();
        model.eval();
        Device device = model.device();
        List<Tensor> parts = new ArrayList<>();
        try (NoGrad scope = Autograd.noGrad()) {
            for (int from = 0; from < images.dim(0); from += batchSize) {
                Tensor batch = images.slice(0, from, Math.min(images.dim(0), from + batchSize));
                parts.add(model.forward(batch.to(device)));
            }
            return Tensor.concat(parts, 0).to(Device.CPU);
        } finally {
            model.train(training);
        }
    }

    private LoopState startingState(Path checkpoints, TrainingSession session) throws IOException {
        Files.createDirectories(checkpoints);
        if (!LoopState.exists(checkpoints)) {
            return LoopState.initial();
        }
        if (!session.resume()) {
            throw new IllegalStateException(checkpoints + " already holds a training checkpoint; resume that run"
                    + " (--resume) or write to another directory (--out)");
        }
        LoopState state = LoopState.read(checkpoints);
        Checkpoint.load(checkpoints.resolve(state.checkpoint()), model, optimizer);
        session.log().info("resuming after epoch " + state.epochsDone() + " of " + epochs + " from "
                + checkpoints.resolve(state.checkpoint()));
        return state;
    }

    /**
     * Saves the model and optimizer, then commits {@code next} as the loop state, then drops the epoch checkpoints
     * older than the previous one: the last two stay. A failure (a full disk) leaves the previous state and its
     * checkpoint as they were, so the run resumes from them; the error names the file and that checkpoint.
     */
    private LoopState commit(Path checkpoints, LoopState previous, LoopState next) throws IOException {
        try {
            writeCheckpoint(checkpoints.resolve(next.checkpoint()), Checkpoint.of(model, optimizer));
            next.write(checkpoints);
        } catch (IOException e) {
            throw new IOException("the checkpoint of epoch " + next.epochsDone() + " was not saved: " + e.getMessage()
                    + "; " + (previous.checkpoint().isEmpty() ? "there is no earlier checkpoint to resume from"
                            : "the run resumes (--resume) from the last complete checkpoint, after epoch "
                                    + previous.epochsDone() + " (" + checkpoints.resolve(previous.checkpoint())
                                    + "), once the cause is fixed"), e);
        }
        List<String> keep = List.of(previous.checkpoint(), next.checkpoint());
        try (Stream<Path> files = Files.list(checkpoints)) {
            for (Path old : files.filter(f -> isEpochCheckpoint(f) && !keep.contains(f.getFileName().toString()))
                    .toList()) {
                Files.deleteIfExists(old);
            }
        }
        return next;
    }

    /** Writes {@code checkpoint} to {@code file}; a failure names the file. */
    private void writeCheckpoint(Path file, Checkpoint checkpoint) throws IOException {
        try {
            checkpointWriter.write(file, checkpoint);
        } catch (IOException e) {
            throw new IOException("cannot write " + file + ": " + OutputDirectory.reason(e), e);
        }
    }

    private static boolean isEpochCheckpoint(Path file) {
        return file.getFileName().toString().matches("epoch-\\d+\\.ckpt");
    }

    private static String checkpointName(int epoch) {
        return String.format(Locale.ROOT, "epoch-%04d.ckpt", epoch);
    }

    /** The generator of epoch {@code epoch}'s shuffling and augmentation. */
    static SplittableRandom epochRandom(long seed, int epoch) {
        return new SplittableRandom(seed + EPOCH_SEED_STRIDE * epoch);
    }

    private ProgressBar progressBar(TrainingSession session, int epoch, int batches) {
        return new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                .setInitialMax(batches)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" batches", 1)
                .setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(session.log().console(), 100))
                .clearDisplayOnFinish()
                .build();
    }

    private String epochLine(EpochRecord record, boolean improved) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d  lr %.3g  loss %.4f",
                record.epoch(), epochs, record.learningRate(), record.trainLoss()));
        if (!record.validation().isEmpty()) {
            line.append(String.format(Locale.ROOT, "  val loss %.4f  val %s %.4f", record.score("loss"), monitor,
                    record.score(monitor)));
        }
        line.append(String.format(Locale.ROOT, "  %.1f s", record.seconds()));
        return line.append(improved ? "  (best)" : "").toString();
    }

    /** Settings of a {@link Trainer}; each has a default, only the model and the optimizer are required. */
    public static final class Builder {
        private final Module model;
        private final Optimizer optimizer;
        private LossFunction loss = Losses::bceWithLogits;
        private LrSchedule schedule;
        private Evaluator evaluator = SegmentationScores::of;
        private Augmentation augmentation;
        private int epochs = 10;
        private int batchSize = 8;
        private double clipNorm;
        private int patience;
        private String monitor = "dice";
        private boolean higherIsBetter = true;
        private int checkpointEvery = 1;
        private CheckpointWriter checkpointWriter = CheckpointWriter.ATOMIC;

        private Builder(Module model, Optimizer optimizer) {
            this.model = Objects.requireNonNull(model, "model");
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        }

        /** The training loss (default: binary cross-entropy on logits). */
        public Builder loss(LossFunction function) {
            this.loss = Objects.requireNonNull(function, "loss");
            return this;
        }

        /** The learning-rate schedule (default: the optimizer's rate throughout). */
        public Builder schedule(LrSchedule lrSchedule) {
            this.schedule = Objects.requireNonNull(lrSchedule, "schedule");
            return this;
        }

        /** The validation scores (default: {@link SegmentationScores#of}). */
        public Builder evaluator(Evaluator scores) {
            this.evaluator = Objects.requireNonNull(scores, "evaluator");
            return this;
        }

        /** Augments each training batch (default: none). */
        public Builder augmentation(Augmentation batchAugmentation) {
            this.augmentation = batchAugmentation;
            return this;
        }

        /** The number of epochs, at least 1 (default 10). */
        public Builder epochs(int count) {
            this.epochs = atLeast("epochs", count, 1);
            return this;
        }

        /** Samples per optimisation step, at least 1 (default 8). */
        public Builder batchSize(int size) {
            this.batchSize = atLeast("batch size", size, 1);
            return this;
        }

        /** Clips the global gradient norm to {@code maxNorm} before each step; 0 (default) does not clip. */
        public Builder clipGradientNorm(double maxNorm) {
            if (!(maxNorm >= 0) || Double.isInfinite(maxNorm)) {
                throw new IllegalArgumentException("the gradient-norm limit must be finite and >= 0 (0: no clipping),"
                        + " got " + maxNorm);
            }
            this.clipNorm = maxNorm;
            return this;
        }

        /** Stops after {@code epochs} epochs without improvement of the monitored score; 0 (default) never. */
        public Builder earlyStopping(int epochsWithoutImprovement) {
            this.patience = atLeast("early-stopping patience", epochsWithoutImprovement, 0);
            return this;
        }

        /** The validation score that picks the best model (default: {@code dice}, higher is better). */
        public Builder monitor(String score, boolean higherBetter) {
            this.monitor = Objects.requireNonNull(score, "score");
            this.higherIsBetter = higherBetter;
            return this;
        }

        /** Checkpoints every {@code epochs} epochs (and after the last), at least 1 (default 1). */
        public Builder checkpointEvery(int epochCount) {
            this.checkpointEvery = atLeast("checkpoint interval", epochCount, 1);
            return this;
        }

        /** Writes checkpoint files through {@code writer} (tests: a disk that fills up). */
        Builder checkpointWriter(CheckpointWriter writer) {
            this.checkpointWriter = Objects.requireNonNull(writer, "writer");
            return this;
        }

        /** The trainer. */
        public Trainer build() {
            return new Trainer(this);
        }

        private static int atLeast(String what, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException("the " + what + " must be at least " + min + ", got " + value);
            }
            return value;
        }
    }
}
