/**
 * Bullseye's own review vocabulary: words and phrases that carry sentiment in
 * customer reviews but are missing from VADER and AFINN ("flimsy", "overpriced",
 * "stopped working", "waste of money"), on VADER's −4..4 scale.
 *
 * Written by hand from general knowledge of how shoppers, diners and film-goers
 * complain and praise (and VADER's own idiom list, credited below); the values use
 * a coarse scale (±1 mild, ±2 clear, ±2.5–3 strong) and were not fitted to any data
 * set. Entries here win over the general lexicons, so keep them to words whose
 * review meaning is clear. Part of Bullseye, under the project's licence.
 *
 * Phrase syntax: space-separated lower-case tokens; `*` matches any one word
 * ("exceeded * expectations" matches "exceeded my expectations"); a hyphen counts
 * as a space ("must-see" is matched by "must see").
 */

/** Single words, absent from VADER and AFINN, with their review valence. */
export const REVIEW_WORDS: ReadonlyArray<readonly [string, number]> = [
  // value for money
  ["overpriced", -2.0], ["pricey", -1.0], ["expensive", -0.8], ["costly", -1.0], ["affordable", 1.3],
  ["inexpensive", 1.0], ["underpriced", 1.0],
  // build quality and function
  ["flimsy", -1.8], ["sturdy", 1.5], ["durable", 1.5], ["reliable", 1.6], ["unreliable", -1.8],
  ["defective", -2.3], ["faulty", -2.0], ["shoddy", -2.2], ["junk", -2.2], ["garbage", -2.2],
  ["trash", -2.0], ["rubbish", -2.0], ["unusable", -2.2], ["malfunction", -2.0], ["malfunctioned", -2.0],
  ["malfunctioning", -2.0], ["glitchy", -1.8], ["buggy", -1.6], ["laggy", -1.5], ["sluggish", -1.4],
  ["cracked", -1.5], ["dented", -1.4], ["scratched", -1.2], ["leaky", -1.5], ["leaked", -1.5],
  ["leaking", -1.5], ["rusty", -1.4], ["cheaply", -1.5], ["poorly", -1.6], ["subpar", -1.8],
  ["mediocre", -1.5], ["decent", 1.2], ["solid", 1.0], ["well-made", 2.0], ["well-built", 2.0],
  ["handy", 1.5], ["versatile", 1.5], ["intuitive", 1.5], ["user-friendly", 1.8], ["sleek", 1.5],
  ["stylish", 1.8], ["comfy", 1.9], ["cozy", 1.6], ["cosy", 1.6], ["spacious", 1.2], ["roomy", 1.0],
  ["itchy", -1.2], ["smelly", -1.6], ["filthy", -2.2], ["noisy", -1.0], ["unhelpful", -1.8],
  ["unprofessional", -1.8], ["overrated", -1.6], ["underwhelming", -1.8], ["underwhelmed", -1.8],
  ["meh", -1.0], ["tedious", -1.5], ["cliched", -1.2], ["clichéd", -1.2], ["unwatchable", -2.5],
  ["unoriginal", -1.3], ["forgettable", -1.4], ["pointless", -1.8], ["amateurish", -1.8],
  // food and restaurants
  ["tasty", 2.0], ["flavorful", 2.0], ["flavourful", 2.0], ["bland", -1.5], ["tasteless", -1.8],
  ["flavorless", -1.8], ["flavourless", -1.8], ["soggy", -1.6], ["stale", -1.6], ["greasy", -1.2],
  ["overcooked", -1.6], ["undercooked", -1.8], ["inedible", -2.6], ["lukewarm", -1.0],
  ["mouthwatering", 2.4], ["scrumptious", 2.6],
  // delivery and service
  ["prompt", 1.2], ["promptly", 1.2], ["speedy", 1.4], ["punctual", 1.2], ["attentive", 1.8],
  ["courteous", 2.0], ["knowledgeable", 1.4], ["responsive", 1.4], ["delayed", -1.2], ["late", -0.6],
  ["slow", -1.0], ["refund", -0.8], ["refunded", -0.8], ["quick", 0.8], ["fast", 0.6],
  ["convenient", 1.5], ["hassle", -1.5], ["hassle-free", 1.8], ["professional", 1.2], ["crowded", -0.8],
  ["loud", -0.6],
  // general evaluative words of reviews (films, books, games, products)
  ["incredible", 2.8], ["phenomenal", 2.8], ["exceptional", 2.6], ["impeccable", 2.6], ["stellar", 2.5],
  ["masterful", 2.6], ["masterfully", 2.6], ["superbly", 2.8], ["marvellous", 2.9], ["genius", 2.4],
  ["legendary", 2.2], ["captivating", 2.4], ["absorbing", 1.8], ["riveted", 2.0], ["inventive", 1.8],
  ["refreshing", 1.8], ["witty", 1.9], ["touching", 1.6], ["moving", 1.0], ["believable", 1.2],
  ["underrated", 1.5], ["immaculate", 2.2], ["pristine", 1.8], ["effortless", 1.5], ["premium", 1.0],
  ["smooth", 1.0], ["classic", 1.2], ["rocks", 1.5], ["rocked", 1.5],
  ["abysmal", -3.0], ["lackluster", -1.8], ["lacklustre", -1.8], ["pretentious", -1.8], ["contrived", -1.6],
  ["convoluted", -1.5], ["formulaic", -1.4], ["derivative", -1.2], ["predictable", -1.2], ["overlong", -1.5],
  ["overacted", -1.8], ["overacting", -1.8], ["wooden", -1.2], ["cheesy", -1.0], ["corny", -1.2],
  ["cringe", -1.8], ["cringeworthy", -2.2], ["implausible", -1.4], ["unrealistic", -1.4], ["nonsensical", -1.8],
  ["senseless", -1.8], ["absurd", -1.5], ["monotonous", -1.6], ["tiresome", -1.8], ["uneven", -1.0],
  ["rushed", -1.2], ["unnecessary", -1.2], ["amateur", -1.2], ["clunky", -1.5], ["tacky", -1.6],
  ["unrecommended", -2.0], ["burnt", -1.5], ["fragile", -0.8], ["froze", -1.2],
];

/** Multi-word expressions; they take precedence over the words they contain. */
export const REVIEW_PHRASES: ReadonlyArray<readonly [string, number]> = [
  // failure and returns
  ["stopped working", -2.2], ["stop working", -2.0], ["stops working", -2.2], ["quit working", -2.2],
  ["doesn't work", -2.0], ["does not work", -2.0], ["didn't work", -2.0], ["did not work", -2.0],
  ["don't work", -2.0], ["do not work", -2.0], ["won't work", -2.0], ["not working", -2.0],
  ["never worked", -2.2], ["doesnt work", -2.0], ["didnt work", -2.0], ["dont work", -2.0],
  ["fell apart", -2.2], ["falls apart", -2.2], ["fall apart", -2.0], ["falling apart", -2.2],
  ["returned it", -1.8], ["return it", -1.5], ["returning it", -1.8], ["sent it back", -1.8],
  ["send it back", -1.8], ["sending it back", -1.8], ["money back", -1.5], ["full refund", -1.2],
  ["piece of junk", -3.0], ["piece of crap", -3.0], ["piece of garbage", -3.0], ["piece of trash", -3.0],
  ["piece of shit", -3.0], ["rip off", -2.5], ["ripoff", -2.5], ["ripped off", -2.5],
  ["waste of money", -2.5], ["waste of time", -2.5], ["waste your money", -2.5], ["waste your time", -2.5],
  ["don't waste", -2.0], ["do not waste", -2.0], ["dont waste", -2.0],
  ["don't buy", -2.0], ["do not buy", -2.0], ["dont buy", -2.0], ["don't bother", -1.8], ["do not bother", -1.8],
  ["not worth it", -1.8], ["not worth the", -1.8], ["not worth", -1.6], ["stay away", -2.0], ["steer clear", -2.0],
  ["went wrong", -1.5], ["goes wrong", -1.5], ["gone wrong", -1.5], ["went downhill", -2.0],
  ["cheaply made", -2.0], ["poorly made", -2.2], ["badly made", -2.2], ["feels cheap", -1.8],
  ["looks cheap", -1.8], ["cheap looking", -1.8], ["cheap plastic", -1.8], ["cheap quality", -1.8],
  ["could be better", -1.2], ["could have been better", -1.5], ["could've been better", -1.5],
  ["fell asleep", -1.5], ["walked out", -1.5], ["what a joke", -2.0], ["thumbs down", -2.0],
  ["one star", -2.5], ["1 star", -2.5], ["zero stars", -2.5], ["0 stars", -2.5], ["no stars", -2.5],
  ["never again", -2.0], ["won't be back", -2.2], ["will not be back", -2.2], ["won't be returning", -2.2],
  ["never going back", -2.2], ["never go back", -2.2], ["won't go back", -2.2], ["not coming back", -2.2],
  ["never arrived", -2.2], ["never received", -2.2], ["never came", -2.0], ["didn't arrive", -2.2],
  ["did not arrive", -2.2], ["still waiting", -1.8], ["took forever", -1.8], ["took ages", -1.5],
  ["too bad", -1.5], ["too good to be true", -1.0], ["the only good thing", -1.5],
  // praise
  ["worth every penny", 2.5], ["well worth", 2.0], ["worth it", 1.6], ["worth the money", 1.8],
  ["exceeded * expectations", 2.5], ["exceeded expectations", 2.5], ["beyond * expectations", 2.2],
  ["can't wait", 2.0], ["cannot wait", 2.0], ["cant wait", 2.0], ["can't go wrong", 2.0],
  ["cannot go wrong", 2.0], ["can't beat", 2.0], ["can't complain", 1.5], ["no complaints", 1.8],
  ["couldn't be happier", 3.0], ["could not be happier", 3.0], ["couldn't ask for more", 2.5],
  ["can't recommend * enough", 3.0], ["cannot recommend * enough", 3.0], ["no problems", 1.5],
  ["no issues", 1.5], ["no problem", 1.2], ["no doubt", 1.0], ["without a doubt", 1.5],
  ["as described", 1.0], ["as advertised", 1.0], ["as pictured", 1.0], ["true to size", 1.2],
  ["on time", 1.0], ["ahead of schedule", 1.5], ["a must", 2.0], ["a must have", 2.0], ["must see", 2.2], ["thumbs up", 2.0], ["two thumbs up", 2.5],
  ["five stars", 2.5], ["5 stars", 2.5], ["10/10", 2.5], ["5/5", 2.5], ["top notch", 2.5],
  ["first class", 2.0], ["first rate", 2.0], ["second rate", -1.5], ["hit the spot", 2.0],
  ["will be back", 2.0], ["will definitely be back", 2.5], ["we'll be back", 2.0], ["i'll be back", 2.0],
  ["will return", 1.5],
  ["will buy again", 2.2], ["would buy again", 2.2], ["buy again", 1.8], ["well made", 2.0],
  ["well built", 2.0], ["well packaged", 1.5], ["well packed", 1.5], ["easy to use", 2.0],
  ["fits perfectly", 2.2], ["works great", 2.5], ["works perfectly", 2.5], ["works well", 2.0],
  ["works fine", 1.5], ["worked great", 2.5], ["worked perfectly", 2.5], ["worked well", 2.0],
  ["blown away", 2.5], ["fell in love", 2.8],
  // VADER's special-case idioms (Hutto & Gilbert 2014), kept with their values
  ["the shit", 3.0], ["the bomb", 3.0], ["bad ass", 1.5], ["badass", 1.5], ["yeah right", -2.0],
  ["cut the mustard", 2.0], ["kiss of death", -1.5], ["hand to mouth", -2.0],
];
