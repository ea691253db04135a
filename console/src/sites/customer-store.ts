import type { Database } from 'better-sqlite3';
import { ConflictError, NotFoundError } from '../errors.js';
import { prep } from '../store/statements.js';

/**
 * A customer of the maintenance provider.
 * @example
 * const c: Customer = customers.create({ name: 'Acme' });
 */
export interface Customer {
  id: number;
  name: string;
  email: string | null;
  createdAt: number;
}

const COLS = 'id, name, email, created_at AS createdAt';

/**
 * Customers CRUD.
 * @example
 * const c = new CustomerStore(db, () => Date.now()).create({ name: 'Acme' });
 */
export class CustomerStore {
  constructor(
    private readonly db: Database,
    private readonly now: () => number,
  ) {}

  /** Creates a customer; a duplicate name is a conflict. */
  create(input: { name: string; email?: string | null }): Customer {
    if (prep(this.db, 'SELECT 1 FROM customers WHERE name = ?').get(input.name)) {
      throw new ConflictError(`customer ${JSON.stringify(input.name)} already exists`);
    }
    const at = this.now();
    const r = prep(this.db, 'INSERT INTO customers (name, email, created_at) VALUES (?, ?, ?)').run(
      input.name,
      input.email ?? null,
      at,
    );
    return { id: Number(r.lastInsertRowid), name: input.name, email: input.email ?? null, createdAt: at };
  }

  /** A customer, or NotFound. */
  get(id: number): Customer {
    const c = prep(this.db, `SELECT ${COLS} FROM customers WHERE id = ?`).get(id) as Customer | undefined;
    if (!c) throw new NotFoundError(`customer ${id} not found`);
    return c;
  }

  /** A page of customers by id. */
  list(limit: number, offset: number): { items: Customer[]; total: number } {
    const items = prep(this.db, `SELECT ${COLS} FROM customers ORDER BY id LIMIT ? OFFSET ?`).all(
      limit,
      offset,
    ) as Customer[];
    const total = (prep(this.db, 'SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n;
    return { items, total };
  }

  /** Updates name or email. */
  update(id: number, patch: { name?: string; email?: string | null }): Customer {
    const c = this.get(id);
    const name = patch.name ?? c.name;
    const email = patch.email === undefined ? c.email : patch.email;
    prep(this.db, 'UPDATE customers SET name = ?, email = ? WHERE id = ?').run(name, email, id);
    return { ...c, name, email };
  }
}
