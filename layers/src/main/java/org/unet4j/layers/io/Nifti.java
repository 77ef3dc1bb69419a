package org.unet4j.layers.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.unet4j.autodiff.Tensor;

/**
 * Reads and writes single-file NIfTI-1 images ({@code .nii}, and {@code .nii.gz} through {@code java.util.zip}):
 * the 348-byte header ({@link NiftiHeader}), 4 bytes of extension flag, then the voxels from {@code vox_offset},
 * x fastest. Either byte order is read (detected from {@code sizeof_hdr}); extensions are skipped. Writes are atomic
 * ({@link AtomicFileWriter}), gzip-compressed when the name ends in {@code .gz}, in the header's byte order.
 *
 * <p>Rejected by name, before any voxel is read: NIfTI-2 ({@code sizeof_hdr} 540), other files whose
 * {@code sizeof_hdr} is not 348, the two-file {@code .hdr/.img} form (magic {@code ni1}), a missing magic
 * (ANALYZE 7.5), datatypes other than uint8, int16, int32, float32, float64, int8, uint16 (see
 * {@link NiftiDataType}), a {@code bitpix} that disagrees with the datatype, {@code dim[0]} outside 1..7, empty or
 * negative dimensions, and images with more than four non-trivial dimensions (vector or matrix voxels,
 * {@code dim[5..7] > 1}). A truncated file fails naming how many data bytes were missing.
 */
public final class Nifti {
    private static final int NIFTI2_HEADER = 540;

    private Nifti() {
    }

    /** Reads the image at {@code path} (gzip detected from the content, whatever the name). */
    public static NiftiImage read(Path path) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
                return read(new DataInputStream(in), path.toString());
            }
        }
    }

    private static NiftiImage read(DataInputStream in, String name) throws IOException {
        byte[] bytes = new byte[NiftiHeader.SIZE];
        try {
            in.readFully(bytes);
        } catch (EOFException e) {
            throw new NiftiFormatException(name + ": the file is shorter than a NIfTI-1 header (348 bytes)");
        }
        ByteOrder order = byteOrder(bytes, name);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
        checkMagic(b, name);
        NiftiDataType type;
        try {
            type = NiftiDataType.of(b.getShort(NiftiHeader.DATATYPE));
        } catch (NiftiFormatException e) {
            throw new NiftiFormatException(name + ": " + e.getMessage());
        }
        int bitpix = b.getShort(NiftiHeader.BITPIX);
        if (bitpix != type.bitsPerVoxel()) {
            throw new NiftiFormatException(name + ": bitpix is " + bitpix + " but datatype " + type + " has "
                    + type.bitsPerVoxel() + " bits per voxel; the header is inconsistent");
        }
        int[] dims = checkDims(b, name);
        long voxels = (long) dims[0] * dims[1] * dims[2] * dims[3];
        long dataBytes = voxels * type.bytes();
        if (dataBytes > Integer.MAX_VALUE - 16) {
            throw new NiftiFormatException(name + ": " + voxels + " voxels of " + type + " (" + dataBytes + " bytes) "
                    + "exceed the 2 GiB a tensor can hold; crop the volume first");
        }
        float offset = b.getFloat(NiftiHeader.VOX_OFFSET);
        if (!(offset >= NiftiHeader.SIZE) || offset != Math.rint(offset)) {
            throw new NiftiFormatException(name + ": vox_offset " + offset + " is invalid; in a single-file .nii it "
                    + "must be a whole number past the header (352 without extensions)");
        }
        in.skipNBytes((long) offset - NiftiHeader.SIZE);
        byte[] payload = new byte[(int) dataBytes];
        int read = in.readNBytes(payload, 0, payload.length);
        if (read < payload.length) {
            throw new NiftiFormatException(name + ": the file ends after " + read + " of " + payload.length
                    + " data bytes (" + dims[0] + "x" + dims[1] + "x" + dims[2] + "x" + dims[3] + " " + type
                    + "); it is truncated");
        }
        NiftiHeader header = NiftiHeader.of(bytes, order);
        return NiftiImage.of(header, voxels(payload, order, type, header, dims));
    }

    private static ByteOrder byteOrder(byte[] bytes, String name) throws NiftiFormatException {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            int size = ByteBuffer.wrap(bytes).order(order).getInt(0);
            if (size == NiftiHeader.SIZE) {
                return order;
            }
            if (size == NIFTI2_HEADER) {
                throw new NiftiFormatException(name + ": this is a NIfTI-2 file (sizeof_hdr 540), which is not "
                        + "supported; save it as NIfTI-1");
            }
        }
        throw new NiftiFormatException(name + ": not a NIfTI-1 file: sizeof_hdr is "
                + ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(0) + " (little-endian), NIfTI-1 has 348");
    }

    private static void checkMagic(ByteBuffer b, String name) throws NiftiFormatException {
        byte[] magic = new byte[4];
        b.get(NiftiHeader.MAGIC, magic);
        String text = new String(magic, 0, 3, StandardCharsets.US_ASCII);
        if (text.equals("n+1") && magic[3] == 0) {
            return;
        }
        if (text.equals("ni1")) {
            throw new NiftiFormatException(name + ": the header says the voxels are in a separate .img file (magic "
                    + "\"ni1\"); the two-file .hdr/.img form is not supported, save it as a single .nii");
        }
        throw new NiftiFormatException(name + ": the magic is " + printable(magic) + ", not \"n+1\": this is not a "
                + "single-file NIfTI-1 image (an ANALYZE 7.5 file has no magic); save it as .nii");
    }

    private static String printable(byte[] magic) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < magic.length; i++) {
            s.append(i == 0 ? "" : ", ").append(magic[i] & 0xff);
        }
        return s.append(']').toString();
    }

    /** {@code [nx, ny, nz, nt]} after the checks; dimensions past the fourth must be 1. */
    private static int[] checkDims(ByteBuffer b, String name) throws NiftiFormatException {
        int rank = b.getShort(NiftiHeader.DIM);
        if (rank < 1 || rank > 7) {
            throw new NiftiFormatException(name + ": dim[0] is " + rank + "; NIfTI-1 allows 1 to 7 dimensions (a "
                    + "value outside usually means a corrupt or non-NIfTI file)");
        }
        int[] d = {1, 1, 1, 1};
        for (int a = 1; a <= rank; a++) {
            int size = b.getShort(NiftiHeader.DIM + 2 * a);
            if (size < 1) {
                throw new NiftiFormatException(name + ": dim[" + a + "] is " + size + "; every used dimension must "
                        + "be >= 1");
            }
            if (a <= 4) {
                d[a - 1] = size;
            } else if (size > 1) {
                throw new NiftiFormatException(name + ": dim[" + a + "] is " + size + "; images with more than four "
                        + "dimensions (vector or matrix voxels, dim[5..7] > 1) are not supported");
            }
        }
        return d;
    }

    private static Tensor voxels(byte[] payload, ByteOrder order, NiftiDataType type, NiftiHeader header,
            int[] dims) {
        ByteBuffer b = ByteBuffer.wrap(payload).order(order);
        int n = payload.length / type.bytes();
        boolean scaled = header.scaled();
        double slope = scaled ? header.sclSlope() : 1;
        double inter = scaled ? header.sclInter() : 0;
        int[] shape = {dims[3], dims[2], dims[1], dims[0]};
        if (type == NiftiDataType.FLOAT64 || type == NiftiDataType.INT32) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = type.read(b) * slope + inter;
            }
            return Tensor.wrap(v, shape);
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (type.read(b) * slope + inter);
        }
        return Tensor.wrap(v, shape);
    }

    /**
     * Writes {@code image} to {@code path} atomically, gzip-compressed when the name ends in {@code .gz}. When the
     * header scales ({@code scl_slope}, {@code scl_inter}), the stored values are {@code (v - inter) / slope}, the
     * inverse of reading (rounded for integer types when within 1e-3 of an integer), so a read image writes back
     * as it was. Every stored value must fit the header's datatype (integers in range for the integer types); the
     * first that does not is named and nothing is written. Header extensions are not written: the data starts at
     * byte 352.
     */
    public static void write(Path path, NiftiImage image) throws IOException {
        NiftiHeader header = image.header().withDataOffset(NiftiHeader.DATA_OFFSET);
        NiftiDataType type = header.dataType();
        boolean scaled = header.scaled();
        double slope = scaled ? header.sclSlope() : 1;
        double inter = scaled ? header.sclInter() : 0;
        Tensor data = image.data();
        ByteBuffer payload = ByteBuffer.allocate(data.size() * type.bytes()).order(header.byteOrder());
        for (int i = 0; i < data.size(); i++) {
            double v = data.flatGet(i);
            double stored = scaled ? (v - inter) / slope : v;
            if (scaled && type.isInteger() && Math.abs(stored - Math.rint(stored)) <= 1e-3) {
                stored = Math.rint(stored);
            }
            if (!type.holds(stored)) {
                throw new NiftiFormatException(path + ": voxel " + i + " holds " + v + (scaled ? " (stored as "
                        + stored + " under scl_slope " + slope + ", scl_inter " + inter + ")" : "") + ", which "
                        + type + " cannot store" + (type.isInteger() ? " (integers in range only)" : "")
                        + "; choose another datatype");
            }
            type.write(payload, stored);
        }
        boolean gzip = path.getFileName().toString().endsWith(".gz");
        AtomicFileWriter.write(path, out -> {
            OutputStream target = gzip ? new GZIPOutputStream(out, 1 << 16) : out;
            target.write(header.bytes());
            target.write(new byte[NiftiHeader.DATA_OFFSET - NiftiHeader.SIZE]);
            target.write(payload.array());
            if (gzip) {
                ((GZIPOutputStream) target).finish();
            }
        });
    }
}
