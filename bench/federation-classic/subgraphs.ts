// The classic four-subgraph federation workload (accounts / inventory / products / reviews), the
// shape public gateway benchmarks use: small in-memory data, `@requires` on inventory and
// `@provides` on reviews, so a deep query makes the planner fan out across all four. Federation 1
// style SDL on purpose: every peer, @mercuriusjs/gateway included, can compose it. Own data and
// text; only the shape follows those benchmarks.
import { parse } from 'graphql';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';

export const CLASSIC_SUBGRAPH_NAMES = ['accounts', 'inventory', 'products', 'reviews'] as const;
export type ClassicSubgraphName = (typeof CLASSIC_SUBGRAPH_NAMES)[number];

interface User {
  id: string;
  name: string;
  username: string;
  birthday: number;
}
interface Product {
  upc: string;
  name: string;
  price: number;
  weight: number;
}
interface Review {
  id: string;
  body: string;
  authorId: string;
  productUpc: string;
}

const USERS: User[] = [
  { id: '1', name: 'Ada Lovelace', username: 'ada', birthday: 1815 },
  { id: '2', name: 'Alan Turing', username: 'alan', birthday: 1912 },
  { id: '3', name: 'Grace Hopper', username: 'grace', birthday: 1906 },
  { id: '4', name: 'Edsger Dijkstra', username: 'edsger', birthday: 1930 },
];

const PRODUCTS: Product[] = [
  { upc: '1', name: 'Table', price: 899, weight: 100 },
  { upc: '2', name: 'Couch', price: 1299, weight: 1000 },
  { upc: '3', name: 'Chair', price: 54, weight: 50 },
  { upc: '4', name: 'Lamp', price: 29, weight: 5 },
  { upc: '5', name: 'Shelf', price: 149, weight: 40 },
];

// bodies of a few hundred characters, like review text in the public workload, so the gateway
// moves realistic payloads
const sentence = (n: number) =>
  `Review number ${n}: sturdy, arrived on time, assembly took an afternoon and the instructions were clear enough. ` +
  'Would buy again from this shop, although the packaging could use less plastic and the colour is a little darker than shown. '.repeat(1 + (n % 3));

/** list[i], which must exist */
const nth = <T>(list: readonly T[], i: number): T => {
  const item = list[i];
  if (item === undefined) throw new RangeError(`no item ${i} in a list of ${list.length}`);
  return item;
};

const REVIEWS: Review[] = Array.from({ length: 12 }, (_, i) => ({
  id: String(i + 1),
  body: sentence(i + 1),
  authorId: nth(USERS, i % USERS.length).id,
  productUpc: nth(PRODUCTS, i < 4 ? 0 : i < 8 ? 1 : (i % 3) + 2).upc,
}));

const byId = <T>(list: T[], key: (t: T) => string) => new Map(list.map((t) => [key(t), t]));
const usersById = byId(USERS, (u) => u.id);
const productsByUpc = byId(PRODUCTS, (p) => p.upc);
const reviewsById = byId(REVIEWS, (r) => r.id);

const SDL: Record<ClassicSubgraphName, string> = {
  accounts: `
    extend type Query {
      me: User
      user(id: ID!): User
      users: [User]
    }
    type User @key(fields: "id") {
      id: ID!
      name: String
      username: String
      birthday: Int
    }`,
  inventory: `
    extend type Product @key(fields: "upc") {
      upc: String! @external
      weight: Int @external
      price: Int @external
      inStock: Boolean
      shippingEstimate: Int @requires(fields: "price weight")
    }`,
  products: `
    extend type Query {
      topProducts(first: Int = 5): [Product]
    }
    type Product @key(fields: "upc") {
      upc: String!
      name: String
      price: Int
      weight: Int
    }`,
  reviews: `
    type Review @key(fields: "id") {
      id: ID!
      body: String
      author: User @provides(fields: "username")
      product: Product
    }
    extend type User @key(fields: "id") {
      id: ID! @external
      username: String @external
      reviews: [Review]
    }
    extend type Product @key(fields: "upc") {
      upc: String! @external
      reviews: [Review]
    }`,
};

const reviewView = (r: Review) => ({ id: r.id, body: r.body, authorId: r.authorId, productUpc: r.productUpc });

const RESOLVERS: Record<ClassicSubgraphName, GraphQLResolverMap<unknown>> = {
  accounts: {
    Query: {
      me: () => USERS[0],
      user: (_: unknown, args: { id: string }) => usersById.get(args.id) ?? null,
      users: () => USERS,
    },
    User: { __resolveReference: (ref: { id: string }) => usersById.get(ref.id) ?? null },
  },
  inventory: {
    Product: {
      __resolveReference: (ref: { upc: string; price?: number; weight?: number }) => ({ ...ref }),
      inStock: (p: { upc: string }) => Number(p.upc) % 4 !== 0,
      // free shipping above 1000, else half a unit per weight unit
      shippingEstimate: (p: { price?: number; weight?: number }) =>
        p.price === undefined || p.weight === undefined ? null : p.price > 1000 ? 0 : Math.round(p.weight * 0.5),
    },
  },
  products: {
    Query: { topProducts: (_: unknown, args: { first?: number }) => PRODUCTS.slice(0, args.first ?? 5) },
    Product: { __resolveReference: (ref: { upc: string }) => productsByUpc.get(ref.upc) ?? null },
  },
  reviews: {
    Review: {
      __resolveReference: (ref: { id: string }) => {
        const r = reviewsById.get(ref.id);
        return r ? reviewView(r) : null;
      },
      author: (r: Review) => ({ __typename: 'User', id: r.authorId, username: usersById.get(r.authorId)?.username }),
      product: (r: Review) => ({ __typename: 'Product', upc: r.productUpc }),
    },
    User: {
      reviews: (u: { id: string }) => REVIEWS.filter((r) => r.authorId === u.id).map(reviewView),
    },
    Product: {
      reviews: (p: { upc: string }) => REVIEWS.filter((r) => r.productUpc === p.upc).map(reviewView),
    },
  },
};

export function classicSubgraph(name: ClassicSubgraphName) {
  return { typeDefs: parse(SDL[name]), resolvers: RESOLVERS[name], sdl: SDL[name] };
}

/** The deep nested query of the public workload: users → reviews → product → reviews → author → … */
export const CLASSIC_QUERY = `fragment User on User {
  id
  username
  name
}

fragment Review on Review {
  id
  body
}

fragment Product on Product {
  inStock
  name
  price
  shippingEstimate
  upc
  weight
}

query TestQuery {
  users {
    ...User
    reviews {
      ...Review
      product {
        ...Product
        reviews {
          ...Review
          author {
            ...User
            reviews {
              ...Review
              product {
                ...Product
              }
            }
          }
        }
      }
    }
  }
  topProducts {
    ...Product
    reviews {
      ...Review
      author {
        ...User
        reviews {
          ...Review
          product {
            ...Product
          }
        }
      }
    }
  }
}`;
