package org.unet4j.layers.io;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

import org.unet4j.autodiff.DType;
import org.unet4j.autodiff.Device;
import org.unet4j.autodiff.Tensor;

/**
 * Encodes and decodes the bytes of a checkpoint file; the layout is documented on {@link Checkpoint}.
 */
final class CheckpointFormat {
    static final byte[] MAGIC = "UNET4JCK".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER_BYTES = MAGIC.length + 4 + 8;
    static final int CHECKSUM_BYTES = 4;

    private static final int CHUNK = 1 << 15;

    private CheckpointFormat() {
    }

    /** The two sections of a checkpoint, each a map from name to tensor in file order. */
    record Sections(Map<String, Tensor> model, Map<String, Tensor> optimizer) {
        List<Map<String, Tensor>> inOrder() {
            return List.of(model, optimizer);
        }
    }

    // ---------------------------------------------------------------- writing

    static void write(OutputStream sink, Sections sections) throws IOException {
        CRC32 crc = new CRC32();
        DataOutputStream out = new DataOutputStream(new CheckedOutputStream(sink, crc));
        out.write(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(payloadBytes(sections));
        int count = sections.model.size() + sections.optimizer.size();
        out.writeInt(count);
        List<Map<String, Tensor>> all = sections.inOrder();
        for (int section = 0; section < all.size(); section++) {
            for (Map.Entry<String, Tensor> e : all.get(section).entrySet()) {
                writeEntry(out, section, e.getKey(), e.getValue());
            }
        }
        out.flush();
        out.writeInt((int) crc.getValue());
        out.flush();
    }

    private static long payloadBytes(Sections sections) {
        long n = 4;
        for (Map<String, Tensor> section : sections.inOrder()) {
            for (Map.Entry<String, Tensor> e : section.entrySet()) {
                Tensor t = e.getValue();
                n += 1 + 4 + e.getKey().getBytes(StandardCharsets.UTF_8).length + 1 + 1 + 4L * t.rank()
                        + (long) t.size() * t.dtype().bytes();
            }
        }
        return n;
    }

    private static void writeEntry(DataOutputStream out, int section, String name, Tensor tensor) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        out.writeByte(section);
        out.writeInt(nameBytes.length);
        out.write(nameBytes);
        out.writeByte(tensor.dtype() == DType.FLOAT32 ? 0 : 1);
        out.writeByte(tensor.rank());
        for (int d : tensor.dims()) {
            out.writeInt(d);
        }
        Tensor host = tensor.to(Device.CPU);
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.BIG_ENDIAN);
        if (host.dtype() == DType.FLOAT32) {
            float[] data = host.floats();
            for (int i = 0; i < data.length; i++) {
                if (chunk.remaining() < 4) {
                    drain(chunk, out);
                }
                chunk.putFloat(data[i]);
            }
        } else {
            double[] data = host.doubles();
            for (int i = 0; i < data.length; i++) {
                if (chunk.remaining() < 8) {
                    drain(chunk, out);
                }
                chunk.putDouble(data[i]);
            }
        }
        drain(chunk, out);
    }

    private static void drain(ByteBuffer chunk, OutputStream out) throws IOException {
        out.write(chunk.array(), 0, chunk.position());
        chunk.clear();
    }

    // ---------------------------------------------------------------- reading

    static Sections read(byte[] bytes, Path file) throws CheckpointException {
        checkFrame(bytes, file);
        ByteBuffer in = ByteBuffer.wrap(bytes, HEADER_BYTES, bytes.length - HEADER_BYTES - CHECKSUM_BYTES)
                .order(ByteOrder.BIG_ENDIAN);
        Map<String, Tensor> model = new LinkedHashMap<>();
        Map<String, Tensor> optimizer = new LinkedHashMap<>();
        int entry = 0;
        String name = null;
        try {
            int count = in.getInt();
            for (entry = 0; entry < count; entry++) {
                name = null;
                int section = in.get();
                if (section != 0 && section != 1) {
                    throw corrupt(file, "entry " + entry + " has section code " + section + " (expected 0 or 1)");
                }
                byte[] nameBytes = new byte[nonNegative(in.getInt(), file, "name length of entry " + entry)];
                in.get(nameBytes);
                name = new String(nameBytes, StandardCharsets.UTF_8);
                Tensor tensor = readTensor(in, file, name);
                Map<String, Tensor> target = section == 0 ? model : optimizer;
                if (target.put(name, tensor) != null) {
                    throw corrupt(file, "the name '" + name + "' occurs twice");
                }
            }
            if (in.hasRemaining()) {
                throw corrupt(file, in.remaining() + " unread bytes after the last entry");
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw corrupt(file, "entry " + entry + (name == null ? "" : " ('" + name + "')")
                    + " does not fit in the payload");
        }
        return new Sections(model, optimizer);
    }

    private static Tensor readTensor(ByteBuffer in, Path file, String name) throws CheckpointException {
        int dtypeCode = in.get();
        if (dtypeCode != 0 && dtypeCode != 1) {
            throw corrupt(file, "entry '" + name + "' has dtype code " + dtypeCode + " (expected 0 or 1)");
        }
        int rank = in.get();
        int[] dims = new int[nonNegative(rank, file, "rank of '" + name + "'")];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = nonNegative(in.getInt(), file, "size of axis " + i + " of '" + name + "'");
            size *= dims[i];
            if (size > Integer.MAX_VALUE) {
                throw corrupt(file, "entry '" + name + "' claims more elements than a Java array holds");
            }
        }
        int elementBytes = dtypeCode == 0 ? 4 : 8;
        if (size * elementBytes > in.remaining()) {
            throw corrupt(file, "entry '" + name + "' needs " + size * elementBytes + " bytes of data, only "
                    + in.remaining() + " remain");
        }
        if (dtypeCode == 0) {
            float[] data = new float[(int) size];
            in.asFloatBuffer().get(data);
            in.position(in.position() + data.length * 4);
            return Tensor.wrap(data, dims);
        }
        double[] data = new double[(int) size];
        in.asDoubleBuffer().get(data);
        in.position(in.position() + data.length * 8);
        return Tensor.wrap(data, dims);
    }

    /** Checks the magic bytes, the version, the length and the checksum before anything is parsed. */
    private static void checkFrame(byte[] bytes, Path file) throws CheckpointException {
        int prefix = Math.min(bytes.length, MAGIC.length);
        for (int i = 0; i < prefix; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new CheckpointException(file + " is not a unet4j checkpoint: it does not start with the magic"
                        + " bytes \"UNET4JCK\"");
            }
        }
        if (bytes.length < HEADER_BYTES + CHECKSUM_BYTES) {
            throw truncated(file, bytes.length, "at least " + (HEADER_BYTES + CHECKSUM_BYTES));
        }
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        int version = header.getInt(MAGIC.length);
        if (version != VERSION) {
            throw new CheckpointException(file + " has checkpoint format version " + version + "; this build reads "
                    + "version " + VERSION);
        }
        long payload = header.getLong(MAGIC.length + 4);
        long expected = HEADER_BYTES + payload + CHECKSUM_BYTES;
        if (payload < 0) {
            throw corrupt(file, "the header gives a negative payload length " + payload);
        }
        if (bytes.length < expected) {
            throw truncated(file, bytes.length, Long.toString(expected));
        }
        if (bytes.length > expected) {
            throw corrupt(file, (bytes.length - expected) + " bytes follow the checksum");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - CHECKSUM_BYTES);
        int stored = header.getInt(bytes.length - CHECKSUM_BYTES);
        if (stored != (int) crc.getValue()) {
            throw corrupt(file, String.format(Locale.ROOT, "the CRC32 checksum does not match (stored %08x, computed %08x)",
                    stored, (int) crc.getValue()));
        }
    }

    private static int nonNegative(int value, Path file, String what) throws CheckpointException {
        if (value < 0) {
            throw corrupt(file, "the " + what + " is negative (" + value + ")");
        }
        return value;
    }

    private static CheckpointException truncated(Path file, long found, String expected) {
        return new CheckpointException(file + " is truncated: it has " + found + " bytes, the checkpoint needs "
                + expected + " (was the write interrupted?)");
    }

    private static CheckpointException corrupt(Path file, String detail) {
        return new CheckpointException(file + " is corrupt: " + detail);
    }
}
