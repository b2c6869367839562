/**
 * The small review shop both analyze_sentiment suites query: three products with nine
 * reviews between them (praise, complaints about size, delivery, packaging and service,
 * one neutral) and a fourth product with no reviews.
 */
import type { Store } from "../../../src/core/ports.ts";

export async function seedReviewShop(store: Store): Promise<void> {
  await store.run(`INSERT INTO products (product_id, name, price) VALUES
    ('MUG1', 'Spotty mug', 9.5), ('VASE2', 'Glass vase', 24), ('LAMP3', 'Desk lamp', 40), ('NOREV', 'Tea towel', 4)`);
  await store.run(`INSERT INTO reviews (review_id, product_id, customer_id, rating, title, body, created_at) VALUES
    ('r01', 'MUG1',  'c1', 5, 'Love it', 'Beautiful design and great value for money.', '2026-01-05 10:00:00'),
    ('r02', 'MUG1',  'c2', 4, NULL,      'Lovely mug, arrived quickly.', '2026-01-20 09:00:00'),
    ('r03', 'MUG1',  'c3', 2, NULL,      'Nice colour but far too small.', '2026-02-03 12:00:00'),
    ('r04', 'VASE2', 'c4', 1, 'Awful',   'Arrived broken, the box was crushed. Waste of money.', '2026-01-11 08:00:00'),
    ('r05', 'VASE2', 'c5', 1, NULL,      'Delivery took forever and customer service were rude.', '2026-03-01 08:00:00'),
    ('r06', 'VASE2', 'c6', 3, NULL,      'It is a vase.', '2026-03-15 08:00:00'),
    ('r07', 'LAMP3', 'c7', 5, NULL,      'Excellent quality, sturdy and bright. Highly recommend!', '2026-03-20 08:00:00'),
    ('r08', 'LAMP3', 'c8', 4, NULL,      'Good lamp, well packaged.', '2026-03-21 08:00:00'),
    ('r09', 'LAMP3', 'c9', 5, NULL,      'Perfect for my desk :)', '2026-03-22 08:00:00')`);
}
