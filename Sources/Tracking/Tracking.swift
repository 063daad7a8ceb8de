// Trackers and the streaming pipeline live here.
