package org.mmedpo.common.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format framing: one magic byte 0, then the schema id as a 4-byte big-endian
 * int, then the Avro binary encoding of the value.
 */
public final class ConfluentWireFormat {

  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_SIZE = 5;

  private ConfluentWireFormat() {}

  /** The schema id of a framed value. */
  public static int schemaId(byte[] framed) {
    checkHeader(framed);
    return ByteBuffer.wrap(framed, 1, 4).getInt();
  }

  static void checkHeader(byte[] framed) {
    if (framed.length < HEADER_SIZE) {
      throw new SerializationException("not in the Confluent wire format: " + framed.length
          + " bytes, shorter than the 5-byte header");
    }
    if (framed[0] != MAGIC_BYTE) {
      throw new SerializationException(String.format(
          "not in the Confluent wire format: magic byte 0x%02x, expected 0x00", framed[0]));
    }
  }
}
