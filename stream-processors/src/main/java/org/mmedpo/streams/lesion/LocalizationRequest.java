package org.mmedpo.streams.lesion;

import org.mmedpo.common.image.GrayImage;
import org.mmedpo.events.ImageReportPair;
import org.mmedpo.streams.llm.Deadline;

/**
 * What a localizer gets: the pair (for its annotations and report) and its decoded image.
 *
 * @param pair the image-report pair
 * @param image the pair's image, decoded
 * @param deadline time left for external calls
 */
public record LocalizationRequest(ImageReportPair pair, GrayImage image, Deadline deadline) {}
