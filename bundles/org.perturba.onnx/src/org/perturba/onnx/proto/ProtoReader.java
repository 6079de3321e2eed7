package org.perturba.onnx.proto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads one protocol-buffers message in the wire format, field by field, from a slice of bytes
 * without copying it. Every length is checked against the bytes that are left, so a truncated or
 * hostile file ends in a {@link MalformedModelException}, never in an unbounded allocation.
 */
public final class ProtoReader {
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LENGTH_DELIMITED = 2;
    public static final int FIXED32 = 5;

    private final ByteBuffer bytes;
    private int field;
    private int wireType;

    /** Reads the message in {@code bytes} from its position to its limit. */
    public ProtoReader(ByteBuffer bytes) {
        this.bytes = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Moves to the next field; false at the end of the message. */
    public boolean next() throws MalformedModelException {
        if (!bytes.hasRemaining()) {
            return false;
        }
        long key = varint();
        field = (int) (key >>> 3);
        wireType = (int) (key & 7);
        if (field <= 0 || key >>> 3 > Integer.MAX_VALUE) {
            throw new MalformedModelException("a protobuf field number of " + (key >>> 3));
        }
        if (wireType != VARINT && wireType != FIXED64 && wireType != LENGTH_DELIMITED && wireType != FIXED32) {
            throw new MalformedModelException("protobuf wire type " + wireType + " of field " + field + " (groups are not ONNX)");
        }
        return true;
    }

    public int field() {
        return field;
    }

    public int wireType() {
        return wireType;
    }

    public long varint() throws MalformedModelException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!bytes.hasRemaining()) {
                throw new MalformedModelException("the file ends inside a number");
            }
            byte b = bytes.get();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new MalformedModelException("a protobuf number longer than 10 bytes");
    }

    /** The current field as an integer, whichever integer encoding it used. */
    public long integer() throws MalformedModelException {
        return switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> fixed(8).getLong();
            case FIXED32 -> fixed(4).getInt();
            default -> throw new MalformedModelException("field " + field + " should be a number but holds bytes");
        };
    }

    public float float32() throws MalformedModelException {
        requireWireType(FIXED32);
        return fixed(4).getFloat();
    }

    /** The bytes of a length-delimited field, a view of the file. */
    public ByteBuffer bytes() throws MalformedModelException {
        requireWireType(LENGTH_DELIMITED);
        long length = varint();
        if (length < 0 || length > bytes.remaining()) {
            throw new MalformedModelException("field " + field + " claims " + length + " bytes but " + bytes.remaining() + " are left");
        }
        ByteBuffer slice = bytes.slice(bytes.position(), (int) length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.position(bytes.position() + (int) length);
        return slice;
    }

    public ProtoReader message() throws MalformedModelException {
        return new ProtoReader(bytes());
    }

    public String string() throws MalformedModelException {
        return StandardCharsets.UTF_8.decode(bytes()).toString();
    }

    /** Skips the current field's value. */
    public void skip() throws MalformedModelException {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> fixed(8);
            case FIXED32 -> fixed(4);
            default -> bytes();
        }
    }

    /**
     * A repeated numeric field in either encoding: packed (one length-delimited run, what proto3 writes)
     * or one value per field occurrence. Each value is handed to {@code sink}.
     */
    public void repeatedIntegers(LongSink sink) throws MalformedModelException {
        if (wireType != LENGTH_DELIMITED) {
            sink.accept(integer());
            return;
        }
        ProtoReader packed = message();
        while (packed.bytes.hasRemaining()) {
            sink.accept(packed.varint());
        }
    }

    /** A repeated float field (packed or not). */
    public void repeatedFloats(FloatSink sink) throws MalformedModelException {
        if (wireType != LENGTH_DELIMITED) {
            sink.accept(float32());
            return;
        }
        ByteBuffer packed = bytes();
        if (packed.remaining() % 4 != 0) {
            throw new MalformedModelException("a packed float field of " + packed.remaining() + " bytes");
        }
        while (packed.hasRemaining()) {
            sink.accept(packed.getFloat());
        }
    }

    private ByteBuffer fixed(int size) throws MalformedModelException {
        if (bytes.remaining() < size) {
            throw new MalformedModelException("the file ends inside a " + size * 8 + "-bit number");
        }
        ByteBuffer value = bytes.slice(bytes.position(), size).order(ByteOrder.LITTLE_ENDIAN);
        bytes.position(bytes.position() + size);
        return value;
    }

    private void requireWireType(int expected) throws MalformedModelException {
        if (wireType != expected) {
            throw new MalformedModelException("field " + field + " has wire type " + wireType + ", expected " + expected);
        }
    }

    @FunctionalInterface
    public interface LongSink {
        void accept(long value) throws MalformedModelException;
    }

    @FunctionalInterface
    public interface FloatSink {
        void accept(float value) throws MalformedModelException;
    }
}
