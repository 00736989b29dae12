package org.mmedpo.streams.llm;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON POSTs to one external endpoint, bounded in every way a stream thread needs: a timeout per
 * attempt (covering the whole response, not only the headers), retries with exponential backoff
 * and jitter on transport errors, 408, 429 (honouring Retry-After) and 5xx and on replies the
 * caller's parser rejects, a rate limit, and the record's {@link Deadline} over all of it. 4xx
 * replies other than 408 and 429 fail at once. Thread-safe.
 */
public final class ResilientHttp {

  private static final Logger LOG = LoggerFactory.getLogger(ResilientHttp.class);
  /** Below this, an attempt is not worth starting. */
  private static final Duration MIN_ATTEMPT = Duration.ofMillis(20);

  /**
   * How calls are bounded.
   *
   * @param timeout the longest one attempt may take
   * @param maxRetries attempts after the first
   * @param backoff wait before the first retry; doubles for each next one
   * @param ratePerSecond calls per second at most (0: unlimited)
   */
  public record Policy(Duration timeout, int maxRetries, Duration backoff, double ratePerSecond) {}

  /** Turns a reply body into a value, or says why it is not usable. */
  @FunctionalInterface
  public interface ReplyParser<T> {
    T parse(String body) throws InvalidReplyException;
  }

  private final String endpoint;
  private final HttpClient client;
  private final Policy policy;
  private final RateLimiter limiter;

  /**
   * @param endpoint short name used in reasons and logs, e.g. {@code llm} or {@code visual-tool}
   */
  public ResilientHttp(String endpoint, HttpClient client, Policy policy) {
    this.endpoint = endpoint;
    this.client = client;
    this.policy = policy;
    this.limiter = new RateLimiter(policy.ratePerSecond());
  }

  /** A client suited to these calls: HTTP/1.1, connect timeout of one attempt. */
  public static HttpClient newClient(Duration connectTimeout) {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /**
   * POSTs {@code json} to {@code uri} and parses the reply.
   *
   * @throws ExternalCallException when no attempt gives a usable reply within the retries and the
   *     deadline; its reason names the last failure
   */
  public <T> T postJson(URI uri, String json, Map<String, String> headers, Deadline deadline,
      ReplyParser<T> parser) {
    ExternalCallException last = null;
    Duration asked = Duration.ZERO;
    for (int attempt = 0; attempt <= policy.maxRetries(); attempt++) {
      if (attempt > 0) {
        long wait = backoffNanos(attempt, asked);
        if (Duration.ofNanos(wait).plus(MIN_ATTEMPT).compareTo(deadline.remaining()) >= 0) {
          throw new ExternalCallException(last.reason(),
              last.getMessage() + " (no time left to retry within the record deadline)", last);
        }
        RateLimiter.sleep(wait, endpoint);
      }
      if (deadline.remaining().compareTo(MIN_ATTEMPT) < 0) {
        throw new ExternalCallException(endpoint + " deadline", "record deadline passed before attempt "
            + (attempt + 1), last);
      }
      limiter.acquire(deadline, endpoint);
      Duration timeout = deadline.cap(policy.timeout());
      try {
        return parser.parse(attempt(uri, json, headers, timeout));
      } catch (Retryable e) {
        last = e.failure;
        asked = e.retryAfter;
      } catch (InvalidReplyException e) {
        last = new ExternalCallException(endpoint + " invalid reply", e.getMessage(), e);
        asked = Duration.ZERO;
      }
      LOG.debug("{} attempt {} failed: {}", endpoint, attempt + 1, last.getMessage());
    }
    throw last;
  }

  /** A failure worth retrying, with the Retry-After the server asked for. */
  private static final class Retryable extends Exception {
    final transient ExternalCallException failure;
    final Duration retryAfter;

    Retryable(ExternalCallException failure, Duration retryAfter) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
      this.retryAfter = retryAfter;
    }
  }

  private String attempt(URI uri, String json, Map<String, String> headers, Duration timeout)
      throws Retryable {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    headers.forEach(request::header);
    CompletableFuture<HttpResponse<String>> future =
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> response;
    try {
      response = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw retry(new ExternalCallException(endpoint + " timeout",
          "no complete reply within " + timeout.toMillis() + " ms", e), Duration.ZERO);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String kind = cause instanceof java.net.http.HttpTimeoutException ? "timeout" : "unreachable";
      throw retry(new ExternalCallException(endpoint + " " + kind, cause.toString(), cause), Duration.ZERO);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new ExternalCallException(endpoint + " interrupted", "interrupted during the call", e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response.body();
    }
    ExternalCallException failure = new ExternalCallException(endpoint + " http " + status,
        "HTTP " + status + ": " + abbreviate(response.body()));
    if (status == 408 || status == 429 || status >= 500) {
      throw retry(failure, retryAfter(response));
    }
    throw failure;
  }

  private static Retryable retry(ExternalCallException failure, Duration retryAfter) {
    return new Retryable(failure, retryAfter);
  }

  private long backoffNanos(int attempt, Duration asked) {
    long base = policy.backoff().toNanos() << Math.min(attempt - 1, 16);
    long jitter = (long) (base * 0.2 * ThreadLocalRandom.current().nextDouble());
    return Math.max(base + jitter, asked.toNanos());
  }

  private static Duration retryAfter(HttpResponse<?> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return Duration.ZERO;
    }
    try {
      return Duration.ofMillis((long) (Double.parseDouble(header.get().strip()) * 1000));
    } catch (NumberFormatException e) {
      return Duration.ZERO; // an HTTP date: fall back to our own backoff
    }
  }

  private static String abbreviate(String body) {
    String b = body == null ? "" : body.replaceAll("\\s+", " ");
    return b.length() > 200 ? b.substring(0, 200) + "..." : b;
  }

  public String endpoint() {
    return endpoint;
  }
}
