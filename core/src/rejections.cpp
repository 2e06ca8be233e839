// Rejected rows: counted per reason, with the first examples, and explained in plain words.
#include <map>

#include "ingest.hpp"

namespace kexi::ingest {

std::string reason_message(const std::string& reason) {
  static const std::map<std::string, std::string> messages = {
      {"wrong_field_count", "The row has a different number of fields than the header."},
      {"unterminated_quote",
       "A quoted field is never closed; the line was read with the quote taken literally and not "
       "used."},
      {"duplicate_line", "The same line appears earlier in the file and was used there (an exact duplicate)."},
      {"missing_customer_id", "The customer id is empty."},
      {"missing_date", "The date is empty."},
      {"unparseable_date", "The date is not in a form Kexi can read."},
      {"impossible_date", "The date does not exist (e.g. 30 February or month 13)."},
      {"date_out_of_range", "The date is before 1900 or after 2100."},
      {"missing_amount", "The amount is empty."},
      {"unparseable_amount", "The amount is not a number."},
      {"amount_out_of_range", "The amount is not finite or is implausibly large (over 1e15)."},
      {"unparseable_quantity", "The quantity is empty or not a number."},
      {"unparseable_unit_price", "The unit price is empty or not a number."},
      {"order_customer_conflict", "This order id was already used by another customer."},
      {"duplicate_customer", "This customer id already appeared in an earlier row."},
      {"unparseable_number", "A number column holds a value that is not a number."},
      {"outside_date_range", "The order date is outside the date range chosen in the load options."},
  };
  auto it = messages.find(reason);
  return it == messages.end() ? reason : it->second;
}

void Rejections::add(const std::string& reason, size_t row, std::string_view column,
                     std::string_view value) {
  ++total_;
  auto [it, added] = index_.try_emplace(reason, items_.size());
  if (added) items_.push_back(Rejection{reason, reason_message(reason), 0, {}});
  Rejection& r = items_[it->second];
  ++r.count;
  if (r.examples.size() < 5) {
    size_t n = value.size();
    if (n > 80) {  // cut at 80 bytes, but not inside a UTF-8 character
      n = 80;
      while (n > 0 && (static_cast<unsigned char>(value[n]) & 0xC0) == 0x80) --n;
    }
    r.examples.push_back(RejectionExample{row, std::string(column), std::string(value.substr(0, n))});
  }
}

std::vector<Rejection> Rejections::list() const { return items_; }

}  // namespace kexi::ingest
