package org.mmedpo.ingest.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws a frontal chest radiograph procedurally, in a density space where 0 is air and 1 dense
 * bone: body outline, lung fields with vascular markings, mediastinum with aortic knob, heart,
 * hemidiaphragms with a gastric bubble, spine, posterior ribs and clavicles; then the planned
 * findings at known places, each with its mask; then exposure (gain, gamma, offset) and film
 * noise into 12-bit stored values.
 *
 * <p>Image left is the patient's right. Findings are drawn with sizes and contrasts chosen to stay
 * visible after downscaling to 64 x 64: the smallest nodule is about 3 pixels across there, the
 * smallest pneumothorax a dark rim of about 3 pixels.
 */
public final class ChestRadiograph {

  /** Largest stored value: 12 bits stored. */
  public static final int MAX_STORED = 4095;

  /**
   * The drawn image.
   *
   * @param size width and height in pixels
   * @param stored 12-bit stored values, row-major
   * @param windowCenter window centre covering the body, in stored units
   * @param windowWidth window width, in stored units
   * @param masks one mask per planned finding, in plan order
   */
  public record Image(int size, int[] stored, double windowCenter, double windowWidth,
      List<Mask> masks) {}

  /**
   * The pixels of one finding.
   *
   * @param finding the planned finding
   * @param inside row-major, true inside the finding
   * @param x left of the bounding box
   * @param y top of the bounding box
   * @param width box width (0 when the mask is empty)
   * @param height box height
   */
  public record Mask(PlannedFinding finding, boolean[] inside, int x, int y, int width, int height) {}

  private ChestRadiograph() {}

  /** Draws the study's radiograph at {@code size} x {@code size}. */
  public static Image draw(StudyPlan plan, int size, SplittableRandom rng) {
    return new Drawing(plan, size, rng).run();
  }

  private static final class Drawing {
    final StudyPlan plan;
    final int n;
    final SplittableRandom rng;
    final float[] density;
    final boolean[][] lung = new boolean[2][]; // [0] patient right (image left), [1] left

    // Anatomy, in normalized units (0..1 across the image).
    final double cx;
    final double sx;
    final double sy;
    final double apex;
    final double[] lungCenter = new double[2];
    final double[] lungHalf = new double[2];
    final double[] diaphragmBase = new double[2];
    final double[] hilumU = new double[2];
    final double hilumV;
    double heartCu;
    double heartCv;
    double heartRx;
    double heartRy;

    Drawing(StudyPlan plan, int size, SplittableRandom rng) {
      this.plan = plan;
      this.n = size;
      this.rng = rng;
      this.density = new float[size * size];
      cx = 0.5 + gauss(0.008);
      sx = 0.92 + 0.12 * rng.nextDouble();
      sy = 0.94 + 0.10 * rng.nextDouble();
      apex = 0.5 - 0.37 * sy;
      for (int s = 0; s < 2; s++) {
        int sign = s == 0 ? -1 : 1;
        lungCenter[s] = cx + sign * 0.19 * sx;
        lungHalf[s] = 0.15 * sx;
        diaphragmBase[s] = 0.5 + (s == 0 ? 0.215 : 0.235) * sy;
        hilumU[s] = cx + sign * 0.085 * sx;
      }
      hilumV = 0.47;
      heartCu = cx + 0.045 * sx;
      heartCv = 0.5 + 0.12 * sy;
      heartRx = 0.155 * sx * (0.95 + 0.1 * rng.nextDouble());
      heartRy = 0.115 * sy;
    }

    double gauss(double sigma) {
      return rng.nextGaussian() * sigma;
    }

    Image run() {
      for (PlannedFinding f : plan.findings()) {
        if (f.label().equals("cardiomegaly")) {
          double factor = 1.28 + 0.13 * f.grade();
          heartCu += heartRx * (factor - 1) * 0.45;
          heartRx *= factor;
          heartRy *= 1.08 + 0.04 * f.grade();
        }
        if (f.label().equals("atelectasis") && f.location().contains("lower")) {
          diaphragmBase[sideIndex(f.side())] -= 0.012 + 0.01 * f.grade();
        }
      }
      drawAnatomy();
      List<Mask> masks = new ArrayList<>();
      for (PlannedFinding f : plan.findings()) {
        masks.add(drawFinding(f));
      }
      return expose(masks);
    }

    static int sideIndex(String side) {
      return "left".equals(side) ? 1 : 0;
    }

    double u(int x) {
      return (x + 0.5) / n;
    }

    double v(int y) {
      return (y + 0.5) / n;
    }

    double diaphragm(int s, double u) {
      double d = (u - lungCenter[s]) / (lungHalf[s] * 1.25);
      return diaphragmBase[s] - 0.045 * sy * Math.max(0, 1 - d * d);
    }

    /** Lung half-width at height v: narrow rounded apex widening to the base. */
    double lungHalfAt(int s, double v) {
      double t = (v - apex) / (diaphragmBase[s] - apex);
      if (t <= 0) {
        return 0;
      }
      double w = t < 0.15 ? Math.sqrt(t / 0.15) * 0.72 : 0.72 + 0.28 * Math.min(1, (t - 0.15) / 0.5);
      return lungHalf[s] * w;
    }

    double lungCenterAt(int s, double v) {
      double t = Math.max(0, (v - apex) / (diaphragmBase[s] - apex));
      return lungCenter[s] + (s == 0 ? -1 : 1) * 0.02 * t;
    }

    boolean inHeart(double u, double v) {
      double du = (u - heartCu) / heartRx;
      double dv = (v - heartCv) / heartRy;
      return du * du + dv * dv < 1;
    }

    double mediastinumHalf(double v) {
      return (0.052 + 0.012 * Math.max(0, v - 0.25)) * sx;
    }

    boolean inLungShape(int s, double u, double v) {
      return Math.abs(u - lungCenterAt(s, v)) < lungHalfAt(s, v) && v < diaphragm(s, u)
          && v > apex;
    }

    void drawAnatomy() {
      float[] texture = SmoothNoise.field(n, 24, rng);
      float[] broad = SmoothNoise.field(n, 6, rng);
      lung[0] = new boolean[n * n];
      lung[1] = new boolean[n * n];
      double bodyTop = 0.04;
      for (int y = 0; y < n; y++) {
        double v = v(y);
        double bodyHalf = v < 0.22 ? (0.26 + 0.2 * Math.sqrt(Math.max(0, (v - bodyTop) / 0.18))) * sx
            : 0.46 * sx - 0.03 * (v - 0.22);
        double medHalf = mediastinumHalf(v);
        for (int x = 0; x < n; x++) {
          double u = u(x);
          int i = y * n + x;
          double du = Math.abs(u - cx);
          if (v < bodyTop || du > bodyHalf) {
            density[i] = 0.02f + 0.02f * broad[i];
            continue;
          }
          // Soft tissue, thicker towards the middle and the abdomen.
          double d = 0.40 + 0.06 * (1 - du / bodyHalf) + 0.03 * broad[i];
          int side = u < cx ? 0 : 1;
          double dia = diaphragm(side, u);
          if (v > dia) {
            d = 0.58 + 0.04 * broad[i];
            // Gastric bubble under the left hemidiaphragm.
            double gu = (u - (lungCenter[1] + 0.01)) / 0.045;
            double gv = (v - (diaphragm(1, lungCenter[1]) + 0.045)) / 0.028;
            if (side == 1 && gu * gu + gv * gv < 1) {
              d = 0.30;
            }
          } else if (du > medHalf && inLungShape(side, u, v) && !inHeart(u, v)) {
            lung[side][i] = true;
            double hu = u - hilumU[side];
            double hv = v - hilumV;
            double hilar = Math.exp(-Math.sqrt(hu * hu + hv * hv) / 0.09);
            d = 0.13 + 0.10 * hilar + 0.035 * texture[i] + 0.02 * broad[i];
          } else if (inHeart(u, v) || du <= medHalf) {
            d = 0.70 + 0.03 * broad[i];
          }
          // Aortic knob on the patient's left.
          double aku = u - (cx + 0.055 * sx);
          double akv = (v - 0.29) * 1.2;
          if (aku * aku + akv * akv < 0.035 * 0.035 && v < dia) {
            d = Math.max(d, 0.70);
          }
          // Spine, visible through the mediastinum.
          if (du < 0.028 * sx) {
            d += 0.10;
          }
          density[i] = (float) d;
        }
      }
      drawRibs();
      drawClavicles();
    }

    void drawRibs() {
      for (int s = 0; s < 2; s++) {
        int sign = s == 0 ? -1 : 1;
        for (int k = 0; k < 10; k++) {
          double v0 = apex - 0.01 + k * 0.058 * sy;
          double thick = (0.013 + 0.002 * k / 9.0) * sy;
          for (int x = 0; x < n; x++) {
            double u = u(x);
            double t = sign * (u - cx);
            if (t < 0.03 || t > 0.42 * sx) {
              continue;
            }
            double tt = t / (0.42 * sx);
            // Posterior ribs rise a little from the spine, then arc down along the chest wall.
            double vc = v0 - 0.05 * tt + 0.20 * tt * tt * tt;
            int y0 = (int) Math.floor((vc - thick) * n);
            int y1 = (int) Math.ceil((vc + thick) * n);
            for (int y = Math.max(0, y0); y <= Math.min(n - 1, y1); y++) {
              double dv = Math.abs(v(y) - vc) / thick;
              if (dv < 1) {
                int i = y * n + x;
                if (density[i] > 0.1) {
                  // Cortical edges brighter than the middle of the rib.
                  density[i] += (float) (0.055 + 0.03 * dv * dv);
                }
              }
            }
          }
        }
      }
    }

    void drawClavicles() {
      for (int s = 0; s < 2; s++) {
        int sign = s == 0 ? -1 : 1;
        double u0 = cx + sign * 0.035;
        double u1 = cx + sign * 0.27 * sx;
        double v0 = apex + 0.07;
        double v1 = apex + 0.005;
        double thick = 0.013;
        for (int x = 0; x < n; x++) {
          double u = u(x);
          double t = (u - u0) / (u1 - u0);
          if (t < 0 || t > 1) {
            continue;
          }
          double vc = v0 + (v1 - v0) * t + 0.012 * Math.sin(Math.PI * 2 * t);
          for (int y = Math.max(0, (int) ((vc - thick) * n)); y <= Math.min(n - 1, (int) ((vc + thick) * n) + 1); y++) {
            if (Math.abs(v(y) - vc) < thick) {
              density[y * n + x] += 0.13f;
            }
          }
        }
      }
    }

    Mask drawFinding(PlannedFinding f) {
      boolean[] mask = new boolean[n * n];
      switch (f.label()) {
        case "consolidation" -> consolidation(f, mask);
        case "pleural effusion" -> {
          if ("bilateral".equals(f.side())) {
            effusion(0, f.grade(), mask);
            effusion(1, f.grade(), mask);
          } else {
            effusion(sideIndex(f.side()), f.grade(), mask);
          }
        }
        case "pneumothorax" -> pneumothorax(sideIndex(f.side()), f.grade(), mask);
        case "cardiomegaly" -> heart(mask);
        case "nodule" -> roundLesion(f, new double[] {0.024, 0.029, 0.034}[f.grade()], false, mask);
        case "mass" -> roundLesion(f, new double[] {0.050, 0.064, 0.078}[f.grade()], true, mask);
        case "atelectasis" -> atelectasis(f, mask);
        default -> throw new IllegalArgumentException("no drawing for finding " + f.label());
      }
      return box(f, mask);
    }

    /** The centre of a lobe, in normalized coordinates. */
    double[] lobeCentre(int s, String location) {
      int lateral = s == 0 ? -1 : 1;
      double lc = lungCenter[s];
      double half = lungHalf[s];
      double top = apex;
      double base = diaphragmBase[s];
      double height = base - top;
      if (location.contains("upper")) {
        return new double[] {lc + lateral * 0.1 * half, top + 0.28 * height};
      }
      if (location.contains("middle") || location.contains("lingula")) {
        return new double[] {lc - lateral * 0.25 * half, top + 0.66 * height};
      }
      return new double[] {lc + lateral * 0.25 * half, top + 0.80 * height};
    }

    void consolidation(PlannedFinding f, boolean[] mask) {
      int s = sideIndex(f.side());
      double[] c = lobeCentre(s, f.location());
      double radius = new double[] {0.05, 0.068, 0.09}[f.grade()];
      int blobs = 6;
      double[][] centres = new double[blobs][];
      for (int b = 0; b < blobs; b++) {
        centres[b] = new double[] {c[0] + gauss(radius * 0.45), c[1] + gauss(radius * 0.45)};
      }
      double sigma = radius * 0.55;
      paintInLung(s, c, radius * 2.2, (u, v) -> {
        double sum = 0;
        for (double[] b : centres) {
          double du = u - b[0];
          double dv = v - b[1];
          sum += Math.exp(-(du * du + dv * dv) / (2 * sigma * sigma));
        }
        return Math.min(1, sum * 0.9);
      }, 0.34, 0.25, mask);
    }

    interface Field {
      double at(double u, double v);
    }

    /** Adds {@code contrast * field} inside the lung near {@code centre}; mask where field > cut. */
    void paintInLung(int s, double[] centre, double reach, Field field, double contrast, double cut,
        boolean[] mask) {
      int x0 = Math.max(0, (int) ((centre[0] - reach) * n));
      int x1 = Math.min(n - 1, (int) ((centre[0] + reach) * n));
      int y0 = Math.max(0, (int) ((centre[1] - reach) * n));
      int y1 = Math.min(n - 1, (int) ((centre[1] + reach) * n));
      for (int y = y0; y <= y1; y++) {
        for (int x = x0; x <= x1; x++) {
          int i = y * n + x;
          if (!lung[s][i]) {
            continue;
          }
          double a = field.at(u(x), v(y));
          if (a > 0.01) {
            density[i] += (float) (contrast * a);
            if (a > cut) {
              mask[i] = true;
            }
          }
        }
      }
    }

    void effusion(int s, int grade, boolean[] mask) {
      double base = diaphragmBase[s] + 0.02;
      double height = base - apex;
      double level = base - new double[] {0.15, 0.23, 0.33}[grade] * height;
      double meniscus = 0.05 * height;
      int lateral = s == 0 ? -1 : 1;
      for (int y = 0; y < n; y++) {
        double v = v(y);
        if (v < level - meniscus || v > base + 0.03) {
          continue;
        }
        double centre = lungCenterAt(s, Math.min(v, diaphragmBase[s] - 0.01));
        double half = lungHalfAt(s, Math.min(v, diaphragmBase[s] - 0.01));
        for (int x = 0; x < n; x++) {
          double u = u(x);
          double offset = (u - centre) * lateral; // positive towards the chest wall
          if (Math.abs(u - centre) > half || Math.abs(u - cx) < mediastinumHalf(v)) {
            continue;
          }
          double lateralness = Math.max(0, Math.min(1, (offset + half) / (2 * half)));
          // The meniscus: fluid climbs along the lateral chest wall.
          double top = level - meniscus * lateralness * lateralness;
          // Fill down to the diaphragm, and the costophrenic angle below the dome.
          double bottom = Math.max(diaphragm(s, u), diaphragmBase[s]) + 0.005;
          if (v >= top && v <= bottom) {
            int i = y * n + x;
            double edge = Math.min(1, (v - top) / 0.02);
            float fluid = (float) (0.50 + 0.08 * (v - top) / (bottom - top + 1e-6));
            density[i] = (float) (density[i] * (1 - edge) + Math.max(density[i], fluid) * edge);
            // The mask is where fluid replaced aerated lung: what the image shows.
            if (edge > 0.3 && lung[s][i]) {
              mask[i] = true;
            }
          }
        }
      }
    }

    void pneumothorax(int s, int grade, boolean[] mask) {
      double f = new double[] {0.78, 0.66, 0.52}[grade];
      double hu = hilumU[s];
      double hv = hilumV;
      boolean[] collapsed = new boolean[n * n];
      for (int y = 0; y < n; y++) {
        double v = v(y);
        double qv = v < hv ? hv + (v - hv) / f : v;
        for (int x = 0; x < n; x++) {
          int i = y * n + x;
          if (!lung[s][i]) {
            continue;
          }
          double u = u(x);
          double qu = hu + (u - hu) / f;
          if (inLungShape(s, qu, qv)) {
            collapsed[i] = true;
          } else {
            density[i] = 0.035f + 0.01f * (float) Math.abs(gauss(1));
            mask[i] = true;
          }
        }
      }
      // The visceral pleural line: a thin bright rim of the collapsed lung.
      int r = Math.max(1, n / 256);
      for (int y = r; y < n - r; y++) {
        for (int x = r; x < n - r; x++) {
          int i = y * n + x;
          if (collapsed[i] && (mask[i - r] || mask[i + r] || mask[i - r * n] || mask[i + r * n])) {
            density[i] += 0.12f;
          }
        }
      }
    }

    void heart(boolean[] mask) {
      for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++) {
          if (inHeart(u(x), v(y))) {
            mask[y * n + x] = true;
          }
        }
      }
    }

    void roundLesion(PlannedFinding f, double radius, boolean lobulated, boolean[] mask) {
      int s = sideIndex(f.side());
      double[] c = lobeCentre(s, f.location());
      double cu = c[0] + gauss(0.012);
      double cv = c[1] + gauss(0.012);
      double p1 = rng.nextDouble() * Math.PI * 2;
      double p2 = rng.nextDouble() * Math.PI * 2;
      paintInLung(s, new double[] {cu, cv}, radius * 1.6, (u, v) -> {
        double du = u - cu;
        double dv = v - cv;
        double r = Math.sqrt(du * du + dv * dv);
        double edge = radius;
        if (lobulated) {
          double a = Math.atan2(dv, du);
          edge *= 1 + 0.12 * Math.sin(3 * a + p1) + 0.07 * Math.sin(5 * a + p2);
        }
        double t = (r - edge * 0.8) / (edge * 0.3);
        return t <= 0 ? 1 : t >= 1 ? 0 : 1 - t * t * (3 - 2 * t);
      }, 0.42, 0.5, mask);
    }

    void atelectasis(PlannedFinding f, boolean[] mask) {
      int s = sideIndex(f.side());
      int lateral = s == 0 ? -1 : 1;
      double lc = lungCenter[s];
      double half = lungHalf[s];
      double scale = new double[] {0.62, 0.8, 1.0}[f.grade()];
      double[] a;
      double[] b;
      double[] c;
      if (f.location().contains("upper")) {
        a = new double[] {hilumU[s] + lateral * 0.02, hilumV - 0.06};
        b = new double[] {lc - lateral * 0.45 * half, apex + 0.02};
        c = new double[] {lc + lateral * 0.9 * half, apex + 0.16};
      } else {
        double base = diaphragmBase[s];
        // Drawn beside the heart border, where the lower lobe is seen on a frontal view.
        a = new double[] {lc - lateral * 0.15 * half, hilumV + 0.03};
        b = new double[] {lc - lateral * 0.5 * half, base};
        c = new double[] {lc + lateral * 0.75 * half, base};
      }
      double[] pb = {a[0] + (b[0] - a[0]) * scale, a[1] + (b[1] - a[1]) * scale};
      double[] pc = {a[0] + (c[0] - a[0]) * scale, a[1] + (c[1] - a[1]) * scale};
      if (!f.location().contains("upper")) {
        // Keep the wedge's base on the diaphragm however large it is.
        pb[1] = b[1];
        pc[1] = c[1];
      }
      double reach = 0.3;
      double[] centre = {(a[0] + pb[0] + pc[0]) / 3, (a[1] + pb[1] + pc[1]) / 3};
      paintInLung(s, centre, reach, (u, v) -> inTriangle(u, v, a, pb, pc) ? 1 : 0, 0.36, 0.5, mask);
    }

    static boolean inTriangle(double u, double v, double[] a, double[] b, double[] c) {
      double d1 = (u - b[0]) * (a[1] - b[1]) - (a[0] - b[0]) * (v - b[1]);
      double d2 = (u - c[0]) * (b[1] - c[1]) - (b[0] - c[0]) * (v - c[1]);
      double d3 = (u - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (v - a[1]);
      boolean neg = d1 < 0 || d2 < 0 || d3 < 0;
      boolean pos = d1 > 0 || d2 > 0 || d3 > 0;
      return !(neg && pos);
    }

    Mask box(PlannedFinding f, boolean[] mask) {
      int minX = n;
      int minY = n;
      int maxX = -1;
      int maxY = -1;
      for (int y = 0; y < n; y++) {
        for (int x = 0; x < n; x++) {
          if (mask[y * n + x]) {
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
          }
        }
      }
      if (maxX < 0) {
        return new Mask(f, mask, 0, 0, 0, 0);
      }
      return new Mask(f, mask, minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    Image expose(List<Mask> masks) {
      double gain = 0.85 + 0.3 * rng.nextDouble();
      double gamma = 0.85 + 0.3 * rng.nextDouble();
      double offset = 60 + 200 * rng.nextDouble();
      double sigma = 8 + 22 * rng.nextDouble();
      double scale = 3300 * gain;
      float[] lut = new float[1025];
      for (int k = 0; k < lut.length; k++) {
        lut[k] = (float) (offset + scale * Math.pow(k / 1024.0, gamma));
      }
      int[] stored = new int[n * n];
      for (int i = 0; i < stored.length; i++) {
        double d = Math.max(0, Math.min(1, density[i]));
        double value = lut[(int) (d * 1024)] + rng.nextGaussian() * sigma;
        stored[i] = (int) Math.max(0, Math.min(MAX_STORED, Math.round(value)));
      }
      double low = offset + scale * Math.pow(0.03, gamma);
      double high = offset + scale * Math.pow(0.92, gamma);
      return new Image(n, stored, Math.round((low + high) / 2), Math.round(high - low), List.copyOf(masks));
    }
  }
}
