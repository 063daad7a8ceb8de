// MOTChallenge metrics at TrackEval parity live here.
