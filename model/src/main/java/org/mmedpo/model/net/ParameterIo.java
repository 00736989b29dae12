package org.mmedpo.model.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.mmedpo.model.Autograd;
import org.mmedpo.model.TorchOwned;

/**
 * Writes and reads a list of named float32 arrays exactly (bit for bit): a count, then per array
 * its name, rank, dimensions and values. Used for model parameters and for optimizer state, so a
 * checkpoint restores precisely what was saved.
 */
public final class ParameterIo {

  private ParameterIo() {}

  /** Writes the arrays of {@code parameters} in list order. */
  public static void writeParameters(DataOutputStream out, List<Parameter> parameters)
      throws IOException {
    out.writeInt(parameters.size());
    for (Parameter p : parameters) {
      writeArray(out, p.getName(), p.getArray());
    }
  }

  /**
   * Reads arrays written by {@link #writeParameters} into the existing {@code parameters}, which
   * must have the same names and shapes in the same order.
   *
   * @throws IOException when the stream does not match the parameters
   */
  public static void readParameters(DataInputStream in, List<Parameter> parameters)
      throws IOException {
    int count = in.readInt();
    if (count != parameters.size()) {
      throw new IOException("expected " + parameters.size() + " parameters, found " + count);
    }
    for (Parameter p : parameters) {
      readInto(in, p.getName(), p.getArray());
    }
  }

  /** Writes one named array. */
  public static void writeArray(DataOutputStream out, String name, NDArray array)
      throws IOException {
    out.writeUTF(name);
    Shape shape = array.getShape();
    out.writeInt(shape.dimension());
    for (long d : shape.getShape()) {
      out.writeLong(d);
    }
    float[] values = array.toFloatArray();
    byte[] bytes = new byte[values.length * 4];
    java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().put(values);
    out.write(bytes);
  }

  /** Reads one named array into {@code target}, checking its name and shape. */
  public static void readInto(DataInputStream in, String name, NDArray target) throws IOException {
    String found = in.readUTF();
    if (!found.equals(name)) {
      throw new IOException("expected array '" + name + "', found '" + found + "'");
    }
    int rank = in.readInt();
    long[] dims = new long[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = in.readLong();
    }
    Shape shape = new Shape(dims);
    if (!shape.equals(target.getShape())) {
      throw new IOException("array '" + name + "' has shape " + shape + ", expected "
          + target.getShape());
    }
    byte[] bytes = new byte[Math.toIntExact(shape.size() * 4)];
    in.readFully(bytes);
    float[] values = new float[bytes.length / 4];
    java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().get(values);
    // Copy in place (index_put_ over the whole array): the target keeps its own PyTorch-owned
    // storage; NDArray.set(float[]) would instead point it at a Java buffer owned by a
    // temporary handle.
    Autograd.noGrad(() -> {
      try (NDManager scratch = target.getManager().newSubManager();
          NDArray source = TorchOwned.floats(scratch, values, shape)) {
        target.set(new NDIndex("..."), source);
      }
      return null;
    });
  }
}
