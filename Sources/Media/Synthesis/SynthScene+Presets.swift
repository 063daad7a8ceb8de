extension SynthScene {
    /// The three bundled clips, in order: crossing, occlusion, crowd.
    public static func presets(seed: UInt64) -> [SynthScene] {
        [crossing(seed: seed), occlusion(seed: seed), crowd(seed: seed)]
    }

    /// Four people: two cross in opposite directions at nearly the same depth (the nearer one
    /// hides the other), one enters from the bottom edge walking away, one leaves at the right.
    public static func crossing(seed: UInt64) -> SynthScene {
        var rng = SplitMix64(seed: seed ^ 0xC055)
        typealias W = Walker.Waypoint
        let walkers = [
            person(1, [W(frame: 1, x: -40, footY: 250), W(frame: 180, x: 680, footY: 250)], 130, &rng),
            person(2, [W(frame: 10, x: 690, footY: 262), W(frame: 170, x: -50, footY: 262)], 128, &rng),
            person(3, [W(frame: 30, x: 200, footY: 420), W(frame: 180, x: 420, footY: 170)], 132, &rng),
            person(4, [W(frame: 1, x: 500, footY: 200), W(frame: 120, x: 700, footY: 215)], 126, &rng),
        ]
        return SynthScene(name: "crossing", width: 640, height: 360, frameRate: 15, frameCount: 180, seed: seed, walkers: walkers)
    }

    /// A near, slow walker overtaken from behind by a faster one (long partial and a short full
    /// occlusion); a person who stops for 80 frames; one walking away from the camera; a late
    /// entry passing in front of everyone.
    public static func occlusion(seed: UInt64) -> SynthScene {
        var rng = SplitMix64(seed: seed ^ 0x0CC1)
        typealias W = Walker.Waypoint
        let walkers = [
            person(1, [W(frame: 1, x: 100, footY: 300), W(frame: 210, x: 540, footY: 300)], 150, &rng),
            person(2, [W(frame: 1, x: -40, footY: 288), W(frame: 200, x: 680, footY: 288)], 130, &rng),
            person(3, [W(frame: 1, x: 690, footY: 170), W(frame: 60, x: 420, footY: 205),
                       W(frame: 140, x: 420, footY: 205), W(frame: 210, x: -40, footY: 190)], 125, &rng),
            person(4, [W(frame: 20, x: 250, footY: 420), W(frame: 200, x: 280, footY: 150)], 135, &rng),
            person(5, [W(frame: 120, x: -45, footY: 340), W(frame: 210, x: 330, footY: 345)], 140, &rng),
        ]
        return SynthScene(name: "occlusion", width: 640, height: 360, frameRate: 15, frameCount: 210, seed: seed, walkers: walkers)
    }

    /// Twelve people entering and leaving through all four edges at random times, speeds and
    /// depths (all drawn from `seed`).
    public static func crowd(seed: UInt64) -> SynthScene {
        var rng = SplitMix64(seed: seed ^ 0xC20D)
        let width = 640.0, height = 360.0, frames = 240
        var walkers: [Walker] = []
        for id in 1...12 {
            let baseHeight = rng.uniform(110, 140)
            // Entry and exit on different sides; feet stay within a plausible band of the ground.
            let sides = [0, 1, 2, 3]
            let entry = sides[rng.int(0, 3)]
            var exit = sides[rng.int(0, 3)]
            if exit == entry { exit = (entry + 2) % 4 }
            func point(_ side: Int) -> (Double, Double) {
                switch side {
                case 0: return (-45, rng.uniform(150, 340))           // left
                case 1: return (width + 45, rng.uniform(150, 340))    // right
                case 2: return (rng.uniform(40, width - 40), 150)     // far edge (horizon band)
                default: return (rng.uniform(40, width - 40), height + 140) // bottom, below the frame
                }
            }
            let a = point(entry), b = point(exit)
            let length = ((b.0 - a.0) * (b.0 - a.0) + (b.1 - a.1) * (b.1 - a.1)).squareRoot()
            let speed = rng.uniform(2.2, 4.5)
            let start = rng.int(-40, frames - 70)
            let end = start + max(20, Int((length / speed).rounded()))
            walkers.append(person(id, [Walker.Waypoint(frame: start, x: a.0, footY: a.1),
                                       Walker.Waypoint(frame: end, x: b.0, footY: b.1)], baseHeight, &rng))
        }
        return SynthScene(name: "crowd", width: 640, height: 360, frameRate: 20, frameCount: frames, seed: seed, walkers: walkers)
    }

    private static let shirts: [(UInt8, UInt8, UInt8)] = [
        (200, 40, 40), (40, 70, 200), (40, 160, 60), (220, 200, 40), (180, 50, 170), (40, 180, 190),
        (230, 130, 30), (110, 50, 160), (235, 235, 235), (20, 110, 100), (240, 140, 170), (120, 80, 40),
    ]
    private static let trousers: [(UInt8, UInt8, UInt8)] = [
        (30, 30, 40), (60, 60, 110), (90, 70, 50), (40, 40, 40), (20, 50, 90), (110, 110, 120),
    ]
    private static let skins: [(UInt8, UInt8, UInt8)] = [
        (240, 200, 170), (200, 150, 110), (150, 100, 70), (95, 60, 40), (225, 180, 140),
    ]

    private static func jitter(_ c: (UInt8, UInt8, UInt8), _ rng: inout SplitMix64) -> (UInt8, UInt8, UInt8) {
        func j(_ v: UInt8) -> UInt8 { UInt8(max(0, min(255, Int(v) + rng.int(-12, 12)))) }
        return (j(c.0), j(c.1), j(c.2))
    }

    private static func person(_ id: Int, _ path: [Walker.Waypoint], _ baseHeight: Double, _ rng: inout SplitMix64) -> Walker {
        Walker(id: id, path: path, baseHeight: baseHeight, widthRatio: rng.uniform(0.36, 0.42),
               skin: jitter(skins[rng.int(0, skins.count - 1)], &rng),
               shirt: jitter(shirts[(id - 1) % shirts.count], &rng),
               trousers: jitter(trousers[rng.int(0, trousers.count - 1)], &rng))
    }
}
