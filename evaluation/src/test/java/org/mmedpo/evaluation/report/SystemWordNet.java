package org.mmedpo.evaluation.report;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;

/**
 * The machine's WordNet 3.0 database, loaded once for the tests that compare with NLTK. Those tests
 * need Debian's wordnet-base package and fail (rather than skip) without it, so that CI cannot pass
 * while METEOR's synonym stage goes untested.
 */
final class SystemWordNet {

  private static WordNet instance;

  private SystemWordNet() {}

  static synchronized WordNet get() {
    if (instance == null) {
      if (!Files.isRegularFile(WordNet.DEFAULT_DIR.resolve("index.noun"))) {
        fail("WordNet 3.0 is not installed at " + WordNet.DEFAULT_DIR
            + "; run: apt-get install -y wordnet-base");
      }
      try {
        instance = WordNet.load(WordNet.DEFAULT_DIR);
      } catch (IOException e) {
        throw new IllegalStateException("Cannot read WordNet at " + WordNet.DEFAULT_DIR, e);
      }
    }
    return instance;
  }
}
