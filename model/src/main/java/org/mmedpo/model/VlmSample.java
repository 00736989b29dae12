package org.mmedpo.model;

/**
 * One (image, prompt, response) triple as the model reads it.
 *
 * @param image the preprocessed image ({@link MedVlm#prepare}): imageSize^2 floats, row-major
 * @param prompt the question or report instruction, without the image token
 * @param response the answer or report whose log-probability is wanted
 */
public record VlmSample(float[] image, String prompt, String response) {}
