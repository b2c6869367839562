/**
 * Phrases for demo reviews, by aspect and polarity. Placeholders are filled per
 * product: `{item}` "this mug" / "these napkins", `{Item}` capitalised, `{noun}`
 * "mug", `{was}` "was" / "were", `{very}` an intensifier (or nothing), `{weeks}`
 * a small number in words, `{price}` the price paid.
 *
 * Negative phrases lean on negation ("not worth the price", "didn't arrive"), and
 * positive ones on intensifiers, so a sentiment scorer has the cases it must handle.
 */

/** What a review talks about. */
export type Aspect = "price" | "quality" | "delivery" | "packaging" | "size" | "service" | "design";

export const ASPECTS: readonly Aspect[] = ["price", "quality", "delivery", "packaging", "size", "service", "design"];

export const ASPECT_PHRASES: Readonly<Record<Aspect, { positive: readonly string[]; negative: readonly string[] }>> = {
  price: {
    positive: [
      "Great value for money.",
      "{very}reasonably priced for the quality.",
      "Worth every penny.",
      "Cheaper than similar things elsewhere.",
      "Excellent value, especially in the sale.",
    ],
    negative: [
      "Not worth the price.",
      "Overpriced for what it is.",
      "Far too expensive for what you get.",
      "Not worth £{price}, to be honest.",
      "You can get the same thing much cheaper elsewhere.",
    ],
  },
  quality: {
    positive: [
      "The quality is {very}good.",
      "{very}well made and sturdy.",
      "Feels {very}solid and well made.",
      "Excellent quality, much better than I expected.",
      "Good quality and built to last.",
    ],
    negative: [
      "Poor quality.",
      "Feels cheap and flimsy.",
      "Not the quality I expected.",
      "Broke after {weeks} weeks.",
      "{Item} fell apart within a month.",
      "The quality is {very}poor.",
      "Not well made at all.",
      "Started to look tatty after a few weeks.",
    ],
  },
  delivery: {
    positive: [
      "Arrived {very}quickly.",
      "Delivery was super fast.",
      "Came the next day.",
      "Fast delivery.",
      "Arrived well before the date given.",
    ],
    negative: [
      "Arrived late.",
      "Delivery took {weeks} weeks.",
      "Took ages to arrive.",
      "The parcel didn't arrive in time for the birthday.",
      "Not delivered when promised.",
    ],
  },
  packaging: {
    positive: [
      "Beautifully packaged.",
      "Well wrapped and arrived in perfect condition.",
      "Lovely packaging, ready to give as a gift.",
      "Carefully packed with no plastic.",
    ],
    negative: [
      "Arrived broken.",
      "Poorly packaged and arrived chipped.",
      "The box was crushed and {item} {was} damaged.",
      "The packaging wasn't good enough for something so fragile.",
      "Arrived smashed to pieces.",
    ],
  },
  size: {
    positive: [
      "The size is perfect.",
      "Bigger than I expected.",
      "Just the right size.",
      "Fits perfectly in the space I had.",
    ],
    negative: [
      "Much smaller than it looks in the photos.",
      "Too small to be useful.",
      "Not the size described.",
      "Smaller than expected.",
      "Way too small.",
    ],
  },
  service: {
    positive: [
      "Customer service were {very}helpful.",
      "Great service from start to finish.",
      "Quick and friendly reply when I had a question.",
    ],
    negative: [
      "Customer service never replied.",
      "Unhelpful customer service.",
      "Had to chase my refund twice.",
      "No response to my emails.",
    ],
  },
  design: {
    positive: [
      "Gorgeous design.",
      "Looks {very}lovely in our home.",
      "The colours are beautiful.",
      "Even prettier in real life.",
      "Such a pretty pattern.",
    ],
    negative: [
      "The colour is nothing like the picture.",
      "Looks cheap.",
      "Not as pretty in real life.",
      "The print is blurry.",
      "The design is {very}disappointing.",
    ],
  },
};

/** Small gripes that still fit a four-star review. */
export const MILD_COMPLAINTS: Readonly<Record<"delivery" | "price" | "size" | "packaging", readonly string[]>> = {
  delivery: ["Took a little while to arrive.", "Delivery was a day later than promised."],
  price: ["A bit pricey.", "Slightly expensive, but nice."],
  size: ["A little smaller than I expected.", "Slightly bigger than I imagined."],
  packaging: ["The box was a bit battered.", "A lot of packaging for one small item."],
};

/** How often each aspect comes up when a customer is simply pleased or displeased. */
export const ASPECT_WEIGHTS: Readonly<Record<Aspect, number>> = {
  quality: 0.28,
  design: 0.28,
  price: 0.15,
  delivery: 0.13,
  packaging: 0.06,
  size: 0.06,
  service: 0.04,
};

export const INTENSIFIERS: readonly string[] = ["really ", "very ", "so ", "absolutely ", "super ", "", "", ""];

export const OPENERS = {
  positive: [
    "Bought this as a gift for my mum.",
    "Second time ordering.",
    "Bought for our new home.",
    "Treated myself.",
    "Bought as a birthday present.",
    "Love {item}!",
  ],
  negative: ["Really disappointed.", "Sadly not what I hoped for.", "Very disappointed with this purchase.", "Oh dear."],
} as const;

export const CLOSERS = {
  positive: [
    "Would definitely buy again.",
    "Highly recommend!",
    "Will be ordering more.",
    "Couldn't be happier.",
    "Can't fault it.",
    "No complaints at all.",
  ],
  mixed: ["Would probably buy again.", "Not sure I'd buy again.", "Okay for the price.", "Does the job."],
  negative: ["Would not recommend.", "Sent it back.", "Won't be ordering again.", "Avoid.", "Don't waste your money."],
} as const;

export const SHOUTS = {
  positive: ["LOVE IT!!", "SO pretty!", "AMAZING!"],
  negative: ["AVOID!!", "DO NOT BUY.", "NEVER AGAIN."],
} as const;

export const EMOJI = {
  positive: ["😍", "👍", "❤️", "😊", "🌟"],
  mixed: ["🤷", "😐"],
  negative: ["😞", "👎", "😡", "😕"],
} as const;

/** Whole reviews of one word, by rating. */
export const ONE_WORD: Readonly<Record<number, readonly string[]>> = {
  1: ["Rubbish", "Awful", "Useless"],
  2: ["Disappointing", "Meh", "Flimsy"],
  3: ["Okay", "Fine", "Average"],
  4: ["Lovely", "Nice", "Good"],
  5: ["Perfect!", "Gorgeous!", "Excellent", "Beautiful"],
};

export const TITLES: Readonly<Record<number, readonly string[]>> = {
  1: ["Awful", "Do not buy", "Very disappointed", "Waste of money", "Rubbish"],
  2: ["Disappointed", "Not great", "Not as described", "Poor"],
  3: ["Okay", "Mixed feelings", "Nice but...", "Average", "Could be better"],
  4: ["Very nice", "Really pleased", "Good buy", "Lovely", "Nice quality"],
  5: ["Lovely!", "Perfect gift", "Absolutely love it", "Five stars", "Beautiful", "Gorgeous", "Great buy"],
};

/** Titles that name the aspect a review is mostly about. */
export const ASPECT_TITLES: Readonly<Record<Aspect, { positive: string; negative: string }>> = {
  price: { positive: "Great value", negative: "Overpriced" },
  quality: { positive: "Great quality", negative: "Poor quality" },
  delivery: { positive: "Speedy delivery", negative: "Late delivery" },
  packaging: { positive: "Beautifully packed", negative: "Arrived broken" },
  size: { positive: "Perfect size", negative: "Too small" },
  service: { positive: "Great service", negative: "Poor service" },
  design: { positive: "Beautiful design", negative: "Not like the picture" },
};
