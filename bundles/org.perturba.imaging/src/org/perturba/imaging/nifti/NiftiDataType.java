package org.perturba.imaging.nifti;

/** The NIfTI voxel types Perturba reads and writes, with their header codes. */
public enum NiftiDataType {
    UINT8(2, 1), INT16(4, 2), INT32(8, 4), FLOAT32(16, 4), FLOAT64(64, 8), INT8(256, 1), UINT16(512, 2),
    UINT32(768, 4), INT64(1024, 8);

    private final int code;
    private final int bytes;

    NiftiDataType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    /** The {@code datatype} field value. */
    public int code() {
        return code;
    }

    public int bytesPerVoxel() {
        return bytes;
    }

    /**
     * @return the type with this code
     * @throws IllegalArgumentException with a user-facing reason for unsupported or unknown codes
     */
    public static NiftiDataType ofCode(int code) {
        for (NiftiDataType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        String known = switch (code) {
        case 32 -> "complex64";
        case 128 -> "RGB24";
        case 1280 -> "uint64";
        case 1536 -> "float128";
        case 1792 -> "complex128";
        case 2048 -> "complex256";
        case 2304 -> "RGBA32";
        default -> null;
        };
        throw new IllegalArgumentException(known == null ? "unknown datatype"
                : known + " is not supported yet (supported: uint8, int8, int16, uint16, int32, uint32, int64, float32, float64)");
    }
}
