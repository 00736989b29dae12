package org.mmedpo.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.mmedpo.model.Autograd;
import org.mmedpo.model.net.ParameterIo;

/**
 * AdamW (Loshchilov and Hutter; PyTorch's semantics): decoupled weight decay, bias-corrected
 * first and second moments. Written here rather than taken from DJL so its state (the moments
 * and the step) can be checkpointed and restored bit for bit; DJL's optimizers keep theirs
 * private.
 *
 * <p>Per parameter p with gradient g at step t and rate lr:
 * {@code p -= lr*wd*p; m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2;
 * p -= lr * (m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps)}.
 */
public final class AdamW implements AutoCloseable {

  /**
   * @param beta1 decay of the first moment
   * @param beta2 decay of the second moment
   * @param epsilon added to the denominator
   * @param weightDecay decoupled weight decay per unit learning rate
   */
  public record Settings(double beta1, double beta2, double epsilon, double weightDecay) {
    public static Settings defaults() {
      return new Settings(0.9, 0.999, 1e-8, 0.0);
    }
  }

  private final Settings settings;
  private final List<Parameter> parameters;
  private final NDManager manager;
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private long step;

  /** An optimizer of {@code parameters} whose state lives in a sub-manager of {@code parent}. */
  public AdamW(Settings settings, List<Parameter> parameters, NDManager parent) {
    this.settings = settings;
    this.parameters = List.copyOf(parameters);
    this.manager = parent.newSubManager();
    for (Parameter p : parameters) {
      firstMoments.add(manager.zeros(p.getShape()));
      secondMoments.add(manager.zeros(p.getShape()));
    }
  }

  /** Optimizer steps taken. */
  public long step() {
    return step;
  }

  /**
   * Applies one update with the gradients the parameters hold, then zeroes those gradients.
   *
   * @param learningRate the rate of this step
   */
  public void update(double learningRate) {
    step++;
    double b1 = settings.beta1();
    double b2 = settings.beta2();
    float correction1 = (float) (1 - Math.pow(b1, step));
    float correction2 = (float) (1 - Math.pow(b2, step));
    try (NDManager scratch = manager.newSubManager()) {
      for (int i = 0; i < parameters.size(); i++) {
        NDArray p = parameters.get(i).getArray();
        NDArray g = p.getGradient();
        scratch.attachAll(g);
        NDArray m = firstMoments.get(i);
        NDArray v = secondMoments.get(i);
        scratch.tempAttachAll(p, m, v);
        if (settings.weightDecay() > 0) {
          p.muli((float) (1 - learningRate * settings.weightDecay()));
        }
        m.muli((float) b1).addi(g.mul((float) (1 - b1)));
        v.muli((float) b2).addi(g.square().muli((float) (1 - b2)));
        NDArray denom = v.div(correction2).sqrt().addi((float) settings.epsilon());
        p.subi(m.div(correction1).divi(denom).muli((float) learningRate));
      }
    }
    Autograd.zeroGradients(parameters);
  }

  /** Writes the step and both moments. */
  public void save(DataOutputStream out) throws IOException {
    out.writeLong(step);
    for (int i = 0; i < parameters.size(); i++) {
      String name = parameters.get(i).getName();
      ParameterIo.writeArray(out, name + "#m", firstMoments.get(i));
      ParameterIo.writeArray(out, name + "#v", secondMoments.get(i));
    }
  }

  /** Restores what {@link #save} wrote. */
  public void load(DataInputStream in) throws IOException {
    step = in.readLong();
    for (int i = 0; i < parameters.size(); i++) {
      String name = parameters.get(i).getName();
      ParameterIo.readInto(in, name + "#m", firstMoments.get(i));
      ParameterIo.readInto(in, name + "#v", secondMoments.get(i));
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
