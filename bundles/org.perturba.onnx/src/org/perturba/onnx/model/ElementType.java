package org.perturba.onnx.model;

import java.util.Arrays;
import java.util.Optional;

/** The element types of ONNX tensors this runtime reads, with their {@code TensorProto.DataType} codes. */
public enum ElementType {
    FLOAT(1, 4), UINT8(2, 1), INT8(3, 1), INT32(6, 4), INT64(7, 8), BOOL(9, 1), DOUBLE(11, 8);

    private final int code;
    private final int bytes;

    ElementType(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    public int code() {
        return code;
    }

    /** Bytes per element in {@code raw_data}. */
    public int bytes() {
        return bytes;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT || this == DOUBLE;
    }

    public static Optional<ElementType> of(int code) {
        return Arrays.stream(values()).filter(type -> type.code == code).findFirst();
    }

    /** The ONNX name of a type code, for messages about the ones not read. */
    public static String describe(int code) {
        return switch (code) {
            case 4 -> "uint16";
            case 5 -> "int16";
            case 8 -> "string";
            case 10 -> "float16";
            case 12 -> "uint32";
            case 13 -> "uint64";
            case 14, 15 -> "complex";
            case 16 -> "bfloat16";
            default -> of(code).map(type -> type.name().toLowerCase()).orElse("type " + code);
        };
    }
}
