/**
 * Countries, cities and names for demo customers. The shop is British, so most
 * customers are in the United Kingdom; the rest are spread over nearby EU countries,
 * each with names and cities of its own.
 */

/** A country the demo shop delivers to. */
export interface CountrySpec {
  name: string;
  /** Share of customers. */
  share: number;
  /** Cities with relative weights. */
  cities: ReadonlyArray<readonly [string, number]>;
  firstNames: readonly string[];
  lastNames: readonly string[];
}

export const HOME_COUNTRY = "United Kingdom";

export const COUNTRIES: readonly CountrySpec[] = [
  {
    name: HOME_COUNTRY,
    share: 0.84,
    cities: [
      ["London", 14], ["Manchester", 5], ["Birmingham", 5], ["Leeds", 4], ["Bristol", 4], ["Glasgow", 4],
      ["Edinburgh", 4], ["Liverpool", 3], ["Sheffield", 3], ["Newcastle upon Tyne", 3], ["Nottingham", 3],
      ["Cardiff", 3], ["Brighton", 3], ["Oxford", 2], ["Cambridge", 2], ["York", 2], ["Bath", 2], ["Norwich", 2],
      ["Exeter", 2], ["Leicester", 2], ["Southampton", 2], ["Belfast", 2], ["Aberdeen", 1], ["Harrogate", 1],
      ["Cheltenham", 1], ["St Albans", 1], ["Guildford", 1], ["Canterbury", 1], ["Chester", 1], ["Swansea", 1],
    ],
    firstNames: [
      "Olivia", "Amelia", "Isla", "Emily", "Sophie", "Grace", "Charlotte", "Lucy", "Hannah", "Jessica", "Sarah",
      "Emma", "Rebecca", "Laura", "Claire", "Helen", "Rachel", "Katie", "Jennifer", "Nicola", "Joanne", "Louise",
      "Victoria", "Harriet", "Eleanor", "Alice", "Freya", "Poppy", "Ruby", "Megan", "Susan", "Margaret", "Janet",
      "Gillian", "Fiona", "Priya", "Aisha", "Zara", "Oliver", "George", "Harry", "Jack", "James", "William",
      "Thomas", "Daniel", "Matthew", "David", "Richard", "Mark", "Paul", "Andrew", "Stephen", "Chris", "Ben",
      "Sam", "Tom", "Rhys", "Callum", "Hamish", "Ravi", "Arjun", "Mohammed", "Adam",
    ],
    lastNames: [
      "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts",
      "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris",
      "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark",
      "Lee", "King", "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis",
      "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter", "Richardson",
      "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Campbell", "Stewart", "MacDonald", "Fraser", "Khan", "Shah",
      "Singh", "Ahmed", "Ali", "Begum", "Owen", "Pritchard", "Fletcher", "Whitfield", "Ashworth", "Pemberton",
    ],
  },
  {
    name: "Ireland",
    share: 0.04,
    cities: [["Dublin", 6], ["Cork", 3], ["Galway", 2], ["Limerick", 2], ["Kilkenny", 1], ["Waterford", 1]],
    firstNames: ["Aoife", "Ciara", "Niamh", "Saoirse", "Siobhán", "Róisín", "Orla", "Mary", "Seán", "Cian", "Conor", "Darragh", "Eoin", "Liam", "Patrick", "Declan"],
    lastNames: ["Murphy", "Kelly", "O'Sullivan", "Walsh", "O'Brien", "Byrne", "Ryan", "O'Connor", "O'Neill", "Doyle", "McCarthy", "Gallagher", "Doherty", "Kennedy", "Lynch", "Quinn"],
  },
  {
    name: "France",
    share: 0.025,
    cities: [["Paris", 5], ["Lyon", 2], ["Bordeaux", 2], ["Nantes", 1], ["Lille", 1], ["Toulouse", 1], ["Rennes", 1]],
    firstNames: ["Camille", "Chloé", "Léa", "Manon", "Inès", "Juliette", "Margaux", "Hélène", "Louis", "Hugo", "Lucas", "Théo", "Antoine", "Julien", "Mathieu", "Étienne"],
    lastNames: ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Fournier"],
  },
  {
    name: "Germany",
    share: 0.025,
    cities: [["Berlin", 4], ["Hamburg", 3], ["Munich", 3], ["Cologne", 2], ["Frankfurt", 2], ["Leipzig", 1], ["Freiburg", 1]],
    firstNames: ["Anna", "Lena", "Leonie", "Marie", "Sophie", "Katharina", "Julia", "Sabine", "Lukas", "Jonas", "Felix", "Maximilian", "Paul", "Tobias", "Jan", "Stefan"],
    lastNames: ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann"],
  },
  {
    name: "Netherlands",
    share: 0.02,
    cities: [["Amsterdam", 4], ["Rotterdam", 2], ["Utrecht", 2], ["The Hague", 2], ["Haarlem", 1], ["Groningen", 1]],
    firstNames: ["Emma", "Sanne", "Fleur", "Lotte", "Anouk", "Femke", "Daan", "Sem", "Lars", "Bram", "Thijs", "Ruben"],
    lastNames: ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos"],
  },
  {
    name: "Belgium",
    share: 0.012,
    cities: [["Brussels", 3], ["Antwerp", 2], ["Ghent", 2], ["Bruges", 1], ["Leuven", 1]],
    firstNames: ["Elise", "Louise", "Marie", "Nina", "Noah", "Arthur", "Jules", "Victor", "Wout", "Lotte"],
    lastNames: ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters", "Dubois"],
  },
  {
    name: "Spain",
    share: 0.012,
    cities: [["Madrid", 3], ["Barcelona", 3], ["Valencia", 1], ["Seville", 1], ["Málaga", 1]],
    firstNames: ["Lucía", "María", "Paula", "Carmen", "Laura", "Sofía", "Pablo", "Javier", "Alejandro", "Daniel", "Carlos", "Sergio"],
    lastNames: ["García", "Fernández", "González", "Rodríguez", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz", "Díaz", "Moreno"],
  },
  {
    name: "Italy",
    share: 0.01,
    cities: [["Milan", 3], ["Rome", 3], ["Turin", 1], ["Florence", 1], ["Bologna", 1]],
    firstNames: ["Giulia", "Sofia", "Chiara", "Francesca", "Alessia", "Marco", "Luca", "Matteo", "Lorenzo", "Andrea", "Giovanni"],
    lastNames: ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Conti"],
  },
  {
    name: "Denmark",
    share: 0.008,
    cities: [["Copenhagen", 4], ["Aarhus", 2], ["Odense", 1]],
    firstNames: ["Ida", "Freja", "Sofie", "Mette", "Anne", "Mads", "Rasmus", "Mikkel", "Søren", "Jens"],
    lastNames: ["Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen"],
  },
  {
    name: "Sweden",
    share: 0.008,
    cities: [["Stockholm", 4], ["Gothenburg", 2], ["Malmö", 2], ["Uppsala", 1]],
    firstNames: ["Astrid", "Elsa", "Maja", "Ebba", "Linnea", "Karin", "Erik", "Oscar", "Axel", "Johan", "Nils", "Anders"],
    lastNames: ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson"],
  },
];

/** Only domains reserved for examples (RFC 2606): mail to them can never reach a real person. */
export const EMAIL_DOMAINS: ReadonlyArray<readonly [string, number]> = [
  ["example.com", 3],
  ["example.org", 1],
];

/** Ofcom's drama range for UK mobiles: `+44 7700 900000`–`900999` are never allocated to real lines. */
export const PHONE_PREFIX = "+44 7700 900";
export const PHONE_RANGE_SIZE = 1000;
