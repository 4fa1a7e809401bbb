import { InputError } from '@backstage/errors';
import type { ErrorRequestHandler } from 'express';

/**
 * Turns the JSON body parser's errors into ones that say what is wrong
 * without repeating the body: V8's parse messages quote the text that was
 * sent ("Unexpected token ..., "<body>" is not valid JSON"), which an error
 * response must not echo back.
 */
export const bodyErrors: ErrorRequestHandler = (error, _req, _res, next) => {
  if (error?.type === 'entity.parse.failed') {
    const position = /position (\d+)/.exec(String(error.message))?.[1];
    next(new InputError(`body: not valid JSON${position === undefined ? '' : ` (at character ${position})`}`));
    return;
  }
  if (error?.type === 'entity.too.large') {
    next(Object.assign(new InputError(`body: larger than the ${error.limit} bytes this API takes`), { statusCode: 413 }));
    return;
  }
  next(error);
};
