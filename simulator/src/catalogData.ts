// Static shape of the catalogue: eight departments, their subcategories with price bands, margin
// floors, the nouns products are named after, and which attributes their products carry.

export type AttributeProfile = 'packaged' | 'fresh' | 'beauty' | 'home' | 'electronics' | 'apparel' | 'sports' | 'toys';

export interface SubcategorySpec {
  slug: string;
  name: string;
  priceLow: number;
  priceHigh: number;
  /** Relative share of the department's products. */
  weight: number;
  nouns: readonly string[];
}

export interface DepartmentSpec {
  slug: string;
  name: string;
  code: string;
  marginFloor: number;
  /** Share of products a store carries. */
  storeCoverage: number;
  /** Relative share of the catalogue. */
  weight: number;
  profile: AttributeProfile;
  subcategories: readonly SubcategorySpec[];
}

const sub = (slug: string, name: string, priceLow: number, priceHigh: number, weight: number, nouns: string[]): SubcategorySpec => ({ slug, name, priceLow, priceHigh, weight, nouns });

export const DEPARTMENTS: readonly DepartmentSpec[] = [
  {
    slug: 'grocery', name: 'Grocery', code: 'GRC', marginFloor: 0.08, storeCoverage: 0.7, weight: 1.6, profile: 'packaged',
    subcategories: [
      sub('pantry', 'Pantry', 1, 15, 3, ['Pasta', 'Rice', 'Olive Oil', 'Tomato Sauce', 'Lentils', 'Peanut Butter']),
      sub('snacks', 'Snacks', 1, 8, 3, ['Crisps', 'Crackers', 'Granola Bar', 'Trail Mix', 'Popcorn']),
      sub('beverages', 'Beverages', 1, 20, 2, ['Sparkling Water', 'Coffee Beans', 'Green Tea', 'Orange Juice', 'Cola']),
      sub('breakfast', 'Breakfast', 2, 12, 1.5, ['Oat Cereal', 'Muesli', 'Pancake Mix', 'Honey']),
      sub('frozen', 'Frozen', 2, 15, 1.5, ['Pizza', 'Ice Cream', 'Frozen Berries', 'Dumplings']),
    ],
  },
  {
    slug: 'fresh', name: 'Fresh Food', code: 'FRS', marginFloor: 0.12, storeCoverage: 0.7, weight: 1.2, profile: 'fresh',
    subcategories: [
      sub('fruit', 'Fruit', 0.5, 10, 2, ['Apples', 'Bananas', 'Blueberries', 'Mango', 'Grapes']),
      sub('vegetables', 'Vegetables', 0.5, 8, 2, ['Spinach', 'Carrots', 'Avocados', 'Tomatoes', 'Broccoli']),
      sub('bakery', 'Bakery', 1, 10, 1.5, ['Sourdough', 'Croissants', 'Bagels', 'Rye Bread']),
      sub('dairy', 'Dairy & Eggs', 1, 12, 2, ['Greek Yogurt', 'Cheddar', 'Free Range Eggs', 'Oat Milk', 'Butter']),
      sub('meat-fish', 'Meat & Fish', 4, 40, 1.5, ['Salmon Fillet', 'Chicken Breast', 'Ground Beef', 'Prawns']),
    ],
  },
  {
    slug: 'health-beauty', name: 'Health & Beauty', code: 'HBA', marginFloor: 0.25, storeCoverage: 0.5, weight: 1, profile: 'beauty',
    subcategories: [
      sub('skincare', 'Skincare', 5, 80, 2, ['Moisturiser', 'Serum', 'Sunscreen', 'Cleanser']),
      sub('haircare', 'Haircare', 3, 40, 1.5, ['Shampoo', 'Conditioner', 'Hair Oil']),
      sub('vitamins', 'Vitamins', 5, 50, 1.5, ['Multivitamin', 'Vitamin D', 'Omega-3', 'Protein Powder']),
      sub('oral-care', 'Oral Care', 2, 15, 1, ['Toothpaste', 'Electric Toothbrush Heads', 'Mouthwash']),
      sub('fragrance', 'Fragrance', 20, 150, 1, ['Eau de Parfum', 'Cologne', 'Body Mist']),
    ],
  },
  {
    slug: 'home-kitchen', name: 'Home & Kitchen', code: 'HMK', marginFloor: 0.2, storeCoverage: 0.35, weight: 1, profile: 'home',
    subcategories: [
      sub('cookware', 'Cookware', 10, 200, 1.5, ['Frying Pan', 'Stock Pot', 'Knife Set', 'Dutch Oven']),
      sub('bedding', 'Bedding', 15, 250, 1, ['Duvet', 'Pillow Pair', 'Sheet Set', 'Throw Blanket']),
      sub('cleaning', 'Cleaning', 2, 25, 2, ['Dish Soap', 'Laundry Pods', 'Surface Spray', 'Sponges']),
      sub('storage', 'Storage', 5, 60, 1, ['Storage Box', 'Food Containers', 'Shelf Organiser']),
      sub('decor', 'Decor', 8, 150, 1, ['Table Lamp', 'Scented Candle', 'Picture Frame', 'Cushion']),
    ],
  },
  {
    slug: 'electronics', name: 'Electronics', code: 'ELC', marginFloor: 0.06, storeCoverage: 0.25, weight: 0.9, profile: 'electronics',
    subcategories: [
      sub('phones', 'Phones & Accessories', 10, 1200, 2, ['Smartphone', 'Phone Case', 'Charger', 'Power Bank']),
      sub('audio', 'Audio', 15, 400, 1.5, ['Wireless Earbuds', 'Headphones', 'Bluetooth Speaker']),
      sub('computing', 'Computing', 30, 2000, 1, ['Laptop', 'Monitor', 'Keyboard', 'Mouse']),
      sub('tv-video', 'TV & Video', 150, 2500, 0.5, ['4K TV', 'Soundbar', 'Streaming Stick']),
      sub('smart-home', 'Smart Home', 20, 300, 1, ['Smart Plug', 'Video Doorbell', 'Smart Bulb', 'Thermostat']),
    ],
  },
  {
    slug: 'clothing', name: 'Clothing', code: 'CLO', marginFloor: 0.3, storeCoverage: 0.4, weight: 1.2, profile: 'apparel',
    subcategories: [
      sub('womenswear', 'Womenswear', 10, 180, 2, ['Dress', 'Blouse', 'Jeans', 'Knit Sweater']),
      sub('menswear', 'Menswear', 10, 160, 2, ['Shirt', 'Chinos', 'Hoodie', 'Jacket']),
      sub('kidswear', 'Kidswear', 5, 60, 1, ['T-Shirt', 'Pyjamas', 'Rain Coat']),
      sub('footwear', 'Footwear', 20, 200, 1.5, ['Running Shoes', 'Boots', 'Sandals', 'Sneakers']),
      sub('accessories', 'Accessories', 5, 120, 1, ['Scarf', 'Belt', 'Backpack', 'Sunglasses']),
    ],
  },
  {
    slug: 'sports-outdoors', name: 'Sports & Outdoors', code: 'SPO', marginFloor: 0.15, storeCoverage: 0.3, weight: 0.7, profile: 'sports',
    subcategories: [
      sub('fitness', 'Fitness', 10, 400, 1.5, ['Yoga Mat', 'Dumbbells', 'Resistance Bands', 'Exercise Bike']),
      sub('cycling', 'Cycling', 20, 1500, 0.8, ['Road Bike', 'Helmet', 'Bike Lights', 'Cycling Gloves']),
      sub('camping', 'Camping', 10, 500, 1, ['Tent', 'Sleeping Bag', 'Camp Stove', 'Headlamp']),
      sub('team-sports', 'Team Sports', 8, 150, 1, ['Football', 'Basketball', 'Shin Guards']),
    ],
  },
  {
    slug: 'toys-kids', name: 'Toys & Kids', code: 'TOY', marginFloor: 0.2, storeCoverage: 0.35, weight: 0.7, profile: 'toys',
    subcategories: [
      sub('toys', 'Toys', 5, 120, 2, ['Building Blocks', 'Plush Bear', 'Toy Car', 'Doll House']),
      sub('games-puzzles', 'Games & Puzzles', 8, 80, 1, ['Board Game', 'Jigsaw Puzzle', 'Card Game']),
      sub('baby', 'Baby', 3, 150, 1.5, ['Nappies', 'Baby Wipes', 'Stroller', 'Baby Bottle']),
      sub('school', 'School Supplies', 1, 40, 1, ['Notebook', 'Pencil Case', 'Crayons', 'Lunch Box']),
    ],
  },
];

export const DEPARTMENT_COUNT = DEPARTMENTS.length;

export const ADJECTIVES = ['Classic', 'Organic', 'Premium', 'Everyday', 'Ultra', 'Essential', 'Deluxe', 'Original', 'Signature', 'Pro', 'Natural', 'Compact', 'Family', 'Lite', 'Select'];
export const COLOURS = ['black', 'white', 'grey', 'navy', 'red', 'green', 'blue', 'beige', 'pink', 'yellow'];
export const DIETARY_FLAGS = ['vegan', 'vegetarian', 'gluten-free', 'organic', 'dairy-free', 'nut-free', 'low-sugar'];
export const APPAREL_SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
export const SEASONS = ['spring', 'summer', 'autumn', 'winter', 'holiday'];
export const MATERIALS = ['cotton', 'steel', 'ceramic', 'bamboo', 'glass', 'wool', 'linen'];
