/**
 * Bounded calls to external services: an OpenAI-compatible chat-completions client with timeouts,
 * retries with backoff, a rate limit and a per-record deadline that keeps a slow endpoint from
 * pushing a stream thread past {@code max.poll.interval.ms}.
 */
package org.mmedpo.streams.llm;
