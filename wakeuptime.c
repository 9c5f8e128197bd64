Tracing blocked time (us) by kernel stack
