package org.unet4j.layers.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.unet4j.autodiff.Tensor;
import org.unet4j.layers.Module;
import org.unet4j.layers.optim.Optimizer;

/**
 * The saved state of a module (its parameters and buffers, {@link Module#stateDict()}) and optionally of its
 * optimizer ({@link Optimizer#stateDict()}), and the file format that stores them.
 *
 * <pre>{@code
 * Checkpoint.save(Path.of("run/epoch-10.ckpt"), net, adam);    // atomic: readers never see half a file
 * Checkpoint.load(Path.of("run/epoch-10.ckpt"), net, adam);    // fails, naming the file, if it does not fit
 * }</pre>
 *
 * <h2>File format, version 1</h2>
 * All integers and floating-point values are big-endian; floats are IEEE 754.
 * <pre>
 * offset   size   field
 * 0        8      magic bytes, ASCII "UNET4JCK"
 * 8        4      format version, int32 = 1
 * 12       8      payload length L in bytes, int64
 * 20       L      payload
 * 20 + L   4      CRC32 of bytes [0, 20 + L), as an int32
 *
 * payload: int32 entry count, then per entry
 *   1          section: 0 = module state, 1 = optimizer state
 *   4          name length n in bytes, int32
 *   n          name, UTF-8 (e.g. "encoder.0.conv.weight", "param.3.exp_avg", "lr")
 *   1          dtype: 0 = float32, 1 = float64
 *   1          rank r (0 for a scalar)
 *   4 r        sizes, int32 each
 *   4 or 8 N   the N = product(sizes) elements in row-major order
 * </pre>
 * Entries of a section appear in the order of the state they came from; a name occurs at most once per section.
 * A reader checks the magic bytes, the version, that the file has exactly {@code 24 + L} bytes (fewer: truncated)
 * and the checksum (mismatch: corrupt) before it parses any entry.
 */
public final class Checkpoint {
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    private final Map<String, Tensor> model;
    private final Map<String, Tensor> optimizer;
    private final String source;

    /** A checkpoint of the given states (the optimizer's may be empty); the maps are copied, the tensors are not. */
    public Checkpoint(Map<String, Tensor> model, Map<String, Tensor> optimizer) {
        this(model, optimizer, "the checkpoint");
    }

    private Checkpoint(Map<String, Tensor> model, Map<String, Tensor> optimizer, String source) {
        this.model = Collections.unmodifiableMap(new LinkedHashMap<>(model));
        this.optimizer = Collections.unmodifiableMap(new LinkedHashMap<>(optimizer));
        this.source = source;
    }

    /** The current state of {@code module}, sharing its tensors until written. */
    public static Checkpoint of(Module module) {
        return new Checkpoint(module.stateDict(), Map.of());
    }

    /** The current state of {@code module} and {@code optimizer}. */
    public static Checkpoint of(Module module, Optimizer optimizer) {
        return new Checkpoint(module.stateDict(), optimizer.stateDict());
    }

    /** The module state by parameter or buffer path. */
    public Map<String, Tensor> model() {
        return model;
    }

    /** The optimizer state, empty when none was saved. */
    public Map<String, Tensor> optimizer() {
        return optimizer;
    }

    // ---------------------------------------------------------------- files

    /** Writes this checkpoint to {@code file} atomically (see {@link AtomicFileWriter}), replacing any old file. */
    public void write(Path file) throws IOException {
        CheckpointFormat.Sections sections = new CheckpointFormat.Sections(model, optimizer);
        AtomicFileWriter.write(file, out -> CheckpointFormat.write(out, sections));
    }

    /**
     * Reads a checkpoint, verifying it first; a file that is not a checkpoint, truncated, corrupt or of another
     * format version raises a {@link CheckpointException} naming the file and the problem.
     */
    public static Checkpoint read(Path file) throws IOException {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new CheckpointException(file + " has " + Files.size(file) + " bytes; checkpoints of more than "
                        + MAX_FILE_BYTES + " bytes cannot be read into memory");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("there is no checkpoint at " + file, e);
        }
        CheckpointFormat.Sections s = CheckpointFormat.read(bytes, file);
        return new Checkpoint(s.model(), s.optimizer(), "checkpoint " + file);
    }

    /** Saves {@code module}'s state to {@code file}. */
    public static void save(Path file, Module module) throws IOException {
        of(module).write(file);
    }

    /** Saves the state of {@code module} and {@code optimizer} to {@code file}. */
    public static void save(Path file, Module module, Optimizer optimizer) throws IOException {
        of(module, optimizer).write(file);
    }

    /** Restores {@code module} from {@code file} (any optimizer state in the file is ignored). */
    public static void load(Path file, Module module) throws IOException {
        read(file).restore(module);
    }

    /** Restores {@code module} and {@code optimizer} from {@code file}. */
    public static void load(Path file, Module module, Optimizer optimizer) throws IOException {
        read(file).restore(module, optimizer);
    }

    // ---------------------------------------------------------------- restoring

    /**
     * Copies the module state into {@code module}. A mismatch (a shape, a missing or an unexpected name) raises a
     * {@link CheckpointException} naming the source, the first mismatching tensor with both shapes and every
     * missing and unexpected name; nothing is copied then.
     */
    public void restore(Module module) throws CheckpointException {
        checkFits(module);
        module.loadStateDict(model);
    }

    /**
     * Restores {@code module} and {@code optimizer}; both states are checked before either is changed.
     */
    public void restore(Module module, Optimizer optimizer) throws CheckpointException {
        if (this.optimizer.isEmpty()) {
            throw new CheckpointException(source + " holds no optimizer state");
        }
        checkFits(module);
        try {
            optimizer.loadStateDict(this.optimizer);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source + ": " + e.getMessage(), e);
        }
        module.loadStateDict(model);
    }

    private void checkFits(Module module) throws CheckpointException {
        try {
            module.checkStateDict(model);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Checkpoint(" + model.size() + " module tensors, " + optimizer.size() + " optimizer tensors)";
    }
}
