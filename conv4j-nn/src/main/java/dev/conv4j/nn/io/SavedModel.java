package dev.conv4j.nn.io;

import dev.conv4j.nn.Sequential;
import dev.conv4j.nn.data.ImagePreprocessing;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model with what it takes to use it on new data: the names of its classes and how an image
 * becomes one of its samples, as recorded when it was trained.
 *
 * @param model              the network, with its weights
 * @param classNames         one name per output, or empty when the model has none
 * @param imagePreprocessing how an image becomes a sample, or null when the model does not take images
 * @param metadata           what training recorded ({@code data}, {@code epochs}, {@code seed}, ...)
 */
public record SavedModel(Sequential model, List<String> classNames, ImagePreprocessing imagePreprocessing,
                         Map<String, String> metadata) {
    public SavedModel {
        Objects.requireNonNull(model, "model");
        classNames = List.copyOf(classNames);
        metadata = Map.copyOf(metadata);
        int outputs = model.outputShape().rank() == 1 ? model.outputShape().dim(0) : -1;
        if (!classNames.isEmpty() && classNames.size() != outputs) {
            throw new IllegalArgumentException(classNames.size() + " class names for model " + model.name()
                    + " with output " + model.outputShape());
        }
        if (imagePreprocessing != null && !imagePreprocessing.sampleShape().equals(model.inputShape())) {
            throw new IllegalArgumentException("images preprocessed to " + imagePreprocessing.sampleShape()
                    + " do not fit model " + model.name() + ", which takes samples " + model.inputShape());
        }
    }
}
