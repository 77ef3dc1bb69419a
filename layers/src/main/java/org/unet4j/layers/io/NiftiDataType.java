package org.unet4j.layers.io;

import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The voxel datatypes of NIfTI-1 this reader and writer support, with their header codes ({@code datatype}) and
 * bits per voxel ({@code bitpix}) as the NIfTI-1 standard ({@code nifti1.h}) numbers them. Integer types hold label
 * volumes exactly; the float types hold intensities.
 */
public enum NiftiDataType {
    /** {@code DT_UINT8}, code 2: labels 0..255. */
    UINT8(2, 8, 0, 255),
    /** {@code DT_INT16}, code 4: CT intensities and labels. */
    INT16(4, 16, Short.MIN_VALUE, Short.MAX_VALUE),
    /** {@code DT_INT32}, code 8. */
    INT32(8, 32, Integer.MIN_VALUE, Integer.MAX_VALUE),
    /** {@code DT_FLOAT32}, code 16. */
    FLOAT32(16, 32, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
    /** {@code DT_FLOAT64}, code 64. */
    FLOAT64(64, 64, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
    /** {@code DT_INT8}, code 256. */
    INT8(256, 8, Byte.MIN_VALUE, Byte.MAX_VALUE),
    /** {@code DT_UINT16}, code 512. */
    UINT16(512, 16, 0, 65535);

    /** The standard's names of the codes this reader rejects, so that the message can say what the file holds. */
    private static final Map<Integer, String> UNSUPPORTED = Map.of(1, "DT_BINARY (1 bit per voxel)", 32,
            "DT_COMPLEX64", 128, "DT_RGB24", 768, "DT_UINT32", 1024, "DT_INT64", 1280, "DT_UINT64", 1536,
            "DT_FLOAT128", 1792, "DT_COMPLEX128", 2048, "DT_COMPLEX256", 2304, "DT_RGBA32");

    private final int code;
    private final int bitsPerVoxel;
    private final double min;
    private final double max;

    NiftiDataType(int code, int bitsPerVoxel, double min, double max) {
        this.code = code;
        this.bitsPerVoxel = bitsPerVoxel;
        this.min = min;
        this.max = max;
    }

    /** The header's {@code datatype} code. */
    public int code() {
        return code;
    }

    /** The header's {@code bitpix}. */
    public int bitsPerVoxel() {
        return bitsPerVoxel;
    }

    /** Bytes per voxel. */
    public int bytes() {
        return bitsPerVoxel / 8;
    }

    /** Whether the type stores integers (labels), which the writer requires the values to be. */
    public boolean isInteger() {
        return this != FLOAT32 && this != FLOAT64;
    }

    /** Whether this type can store {@code value}: for integer types an integer in range, for float32 within range. */
    boolean holds(double value) {
        if (!isInteger()) {
            return this == FLOAT64 || !Double.isFinite(value) || Math.abs(value) <= Float.MAX_VALUE;
        }
        return value == Math.rint(value) && value >= min && value <= max;
    }

    /** The type with header code {@code code}; a code the reader does not support is rejected by its name. */
    public static NiftiDataType of(int code) throws NiftiFormatException {
        for (NiftiDataType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        String name = UNSUPPORTED.get(code);
        throw new NiftiFormatException("NIfTI datatype " + code + (name == null ? " (not a NIfTI-1 code)"
                : " = " + name) + " is not supported; supported are uint8, int16, int32, float32, float64, int8 and"
                + " uint16");
    }

    /** Reads the voxel at the buffer's position. */
    double read(ByteBuffer b) {
        switch (this) {
            case UINT8:
                return b.get() & 0xff;
            case INT16:
                return b.getShort();
            case INT32:
                return b.getInt();
            case FLOAT32:
                return b.getFloat();
            case FLOAT64:
                return b.getDouble();
            case INT8:
                return b.get();
            default:
                return b.getShort() & 0xffff;
        }
    }

    /** Writes {@code value} (which {@link #holds}) at the buffer's position. */
    void write(ByteBuffer b, double value) {
        switch (this) {
            case UINT8:
            case INT8:
                b.put((byte) (long) value);
                break;
            case INT16:
            case UINT16:
                b.putShort((short) (long) value);
                break;
            case INT32:
                b.putInt((int) value);
                break;
            case FLOAT32:
                b.putFloat((float) value);
                break;
            default:
                b.putDouble(value);
        }
    }
}
