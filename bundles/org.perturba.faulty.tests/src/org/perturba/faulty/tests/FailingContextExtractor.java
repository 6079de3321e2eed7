package org.perturba.faulty.tests;

import java.util.Optional;

import org.perturba.anatomy.ContextExtractor;
import org.perturba.anatomy.ContextFeatures;
import org.perturba.anatomy.LabelMap;
import org.perturba.imaging.Volume;

/** A context extractor that loads but throws for every subject, as a buggy one would. */
public final class FailingContextExtractor implements ContextExtractor {

    @Override
    public ContextFeatures extract(Volume image, Optional<LabelMap> labels) {
        throw new IllegalArgumentException(FaultyContributions.CONTEXT_MESSAGE);
    }
}
